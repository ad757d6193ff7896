//! Strings that match a schema's `pattern`, the same ones every run.

use rand::{RngExt, SeedableRng};

/// How many strings are drawn before giving up on a pattern. Most patterns take the first;
/// one whose look-around was dropped can need a few dozen (an IPv4 address: 1 in 16).
const ATTEMPTS: usize = 512;

/// A string that matches `pattern` (ECMAScript syntax, searched as validators do) and has
/// `min..=max` characters (at least one); `None` when none was found.
///
/// Strings are drawn from the pattern itself; look-around (which the generator cannot read)
/// and anchors inside it are dropped to draw them, and each candidate is then checked
/// against the whole pattern.
pub fn matching(pattern: &str, min: Option<usize>, max: Option<usize>) -> Option<String> {
    type PatternKey = (String, Option<usize>, Option<usize>);
    thread_local! {
        // The same patterns recur across the spec (ids, names): draw each once.
        static DRAWN: std::cell::RefCell<std::collections::HashMap<PatternKey, Option<String>>> = Default::default();
    }
    let key = (pattern.to_owned(), min, max);
    if let Some(drawn) = DRAWN.with_borrow(|drawn| drawn.get(&key).cloned()) {
        return drawn;
    }
    let drawn = draw(pattern, min, max);
    DRAWN.with_borrow_mut(|cache| cache.insert(key, drawn.clone()));
    drawn
}

fn draw(pattern: &str, min: Option<usize>, max: Option<usize>) -> Option<String> {
    let check = jsonschema::draft4::new(&serde_json::json!({ "type": "string", "pattern": pattern })).ok()?;
    let hir = parse(&generator_pattern(pattern))?;
    let regex = rand_regex::Regex::with_hir(hir, 4).ok()?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5f1b_0d6e);
    let (min, max) = (min.unwrap_or(1).max(1), max.unwrap_or(usize::MAX));
    (0..ATTEMPTS).find_map(|_| {
        // Bytes, not `String`: sampling a `String` unwraps, and an ASCII-mode class can
        // give bytes that are not UTF-8.
        let text = String::from_utf8(rng.sample::<Vec<u8>, _>(&regex)).ok()?;
        let length = text.chars().count();
        (min <= length && length <= max && check.is_valid(&serde_json::Value::String(text.clone()))).then_some(text)
    })
}

/// ASCII classes: `\d` means 0-9 to the JavaScript validators that read these patterns.
fn parse(pattern: &str) -> Option<regex_syntax::hir::Hir> {
    regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).ok()
}

/// `pattern` without what the generator cannot take: look-around groups and `^`/`$`
/// anchors (a generated string is whole anyway).
fn generator_pattern(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let (mut i, mut in_class, mut depth) = (0, false, 0usize);
    // The group depth a look-around opened at, while its contents are skipped.
    let mut skipping: Option<usize> = None;
    while i < chars.len() {
        let token = &chars[i..(i + if chars[i] == '\\' { 2 } else { 1 }).min(chars.len())];
        i += token.len();
        match token[0] {
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '^' | '$' if !in_class => continue,
            '(' if !in_class => {
                if skipping.is_none() && is_look_around(&chars[i - 1..]) {
                    skipping = Some(depth);
                }
                depth += 1;
            }
            ')' if !in_class => {
                depth = depth.saturating_sub(1);
                if skipping == Some(depth) {
                    skipping = None;
                    continue;
                }
            }
            _ => {}
        }
        if skipping.is_none() {
            out.extend(token);
        }
    }
    out
}

fn is_look_around(rest: &[char]) -> bool {
    matches!(rest, ['(', '?', '=' | '!', ..] | ['(', '?', '<', '=' | '!', ..])
}

#[cfg(test)]
mod tests {
    use super::{generator_pattern, matching};

    #[test]
    fn patterns_give_matching_strings() {
        let hash = matching("^([a-fA-F0-9]{64})$", None, None).expect("compiles");
        assert_eq!(hash.len(), 64, "{hash}");
        assert!(matching("^vpc-[0-9a-f]{17}$", None, None).unwrap().starts_with("vpc-"));
    }

    #[test]
    fn look_around_is_dropped_to_draw_and_kept_to_check() {
        assert_eq!(generator_pattern(r"^((\d)(\.(?!$)|$)){4}$"), r"((\d)(\.|)){4}");
        assert_eq!(generator_pattern(r"^[$^]a\$$"), r"[$^]a\$");
        let ip = matching(r"^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)(\.(?!$)|$)){4}$", None, None).expect("an IPv4 address");
        assert_eq!(ip.split('.').count(), 4, "{ip}");
        assert!(!ip.ends_with('.'), "{ip}");
    }

    #[test]
    fn an_optional_pattern_still_gives_a_non_empty_string_within_bounds() {
        let host = matching(r"^([0-9]{1,3}\.){3}[0-9]{1,3}|(([a-z0-9]+\.){1,10}[a-z]+)?$", None, None).unwrap();
        assert!(!host.is_empty());
        let short = matching("^[a-z]+$", Some(3), Some(5)).unwrap();
        assert!((3..=5).contains(&short.len()), "{short}");
    }
}
