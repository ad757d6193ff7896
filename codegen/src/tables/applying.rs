//! The tables under `spec/` on a spec they were not written for. `cargo xtask check` holds
//! every entry to the pinned spec ([`TableUse::Strict`]): a table entry that names nothing,
//! or a read-only property no entry decides, fails generation. A maintainer trying a newer
//! (or older) spec gets code at once instead ([`TableUse::WhereTheyApply`]): each entry that
//! holds on that spec is used, the others are skipped, properties no entry decides follow
//! the spec's own marks, and each of these is listed so the tables can be brought up to date.

use crate::diagnostics::{Diagnostic, Diagnostics};

/// How the tables are held to the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableUse {
    /// Every entry applies and every read-only property is decided, else generation fails.
    #[default]
    Strict,
    /// The entries that apply are used; the rest are listed in [`crate::Output::skipped`].
    WhereTheyApply,
}

/// What a table check gives under `table_use`: the checked value, with the diagnostics it
/// skipped past. Strict: the check's own result. Where they apply: the entries taken one at a
/// time in order, each kept when the table of those kept so far and it still passes (so an
/// entry that does not apply alone, or clashes with one kept before it, such as a second
/// waiter of one name, is skipped), and why each skipped one was.
pub(crate) fn checked<E: Clone, T>(
    table_use: TableUse,
    entries: &[E],
    check: impl Fn(&[E]) -> Result<T, Diagnostics>,
) -> Result<(T, Vec<Diagnostic>), Diagnostics> {
    let whole = check(entries);
    match (whole, table_use) {
        (Ok(value), _) => Ok((value, Vec::new())),
        (Err(diags), TableUse::Strict) => Err(diags),
        (Err(_), TableUse::WhereTheyApply) => {
            let mut skipped = Vec::new();
            let mut kept: Vec<E> = Vec::new();
            for entry in entries {
                kept.push(entry.clone());
                // What is kept passes, so what fails now is this entry's doing.
                if let Err(why) = check(&kept) {
                    kept.pop();
                    skipped.extend(why.iter().cloned());
                }
            }
            Ok((check(&kept)?, skipped))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{checked, TableUse};
    use crate::diagnostics::{Diagnostics, Pointer};

    /// Entries are numbers; an odd one does not apply, and two fours clash.
    fn check(entries: &[u32]) -> Result<Vec<u32>, Diagnostics> {
        let mut diags = Diagnostics::new();
        for n in entries.iter().filter(|n| *n % 2 == 1) {
            diags.push(Pointer::root(), format!("{n} is odd"));
        }
        if entries.iter().filter(|n| **n == 4).count() > 1 {
            diags.push(Pointer::root(), "4 twice");
        }
        diags.into_result(entries.to_vec())
    }

    #[test]
    fn strict_fails_and_where_they_apply_keeps_the_rest_and_says_why() {
        assert!(checked(TableUse::Strict, &[1, 2, 3], check).is_err());
        let (kept, skipped) = checked(TableUse::WhereTheyApply, &[1, 2, 3], check).unwrap();
        assert_eq!(kept, [2]);
        let why: Vec<_> = skipped.iter().map(|d| d.message.clone()).collect();
        assert_eq!(why, ["1 is odd", "3 is odd"]);
        assert_eq!(checked(TableUse::Strict, &[2, 4], check).unwrap(), (vec![2, 4], Vec::new()));
    }

    #[test]
    fn an_entry_that_clashes_with_one_kept_is_skipped_and_the_rest_kept() {
        let (kept, skipped) = checked(TableUse::WhereTheyApply, &[2, 4, 4, 5, 6], check).unwrap();
        assert_eq!(kept, [2, 4, 6]);
        let why: Vec<_> = skipped.iter().map(|d| d.message.clone()).collect();
        assert_eq!(why, ["4 twice", "5 is odd"]);
    }
}
