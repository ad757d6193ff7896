//! Every identifier the emitter writes is one Rust can spell. The names come from the spec
//! (a property's key, a tag, an `operationId`), made Rust-like by `naming`; one it still
//! cannot spell (a property `²`, a digit that is no ASCII digit) is a diagnostic at the node
//! it came from, not a stand-in name in the generated code.

use crate::diagnostics::{Diagnostics, Pointer};
use crate::ir::{Api, TypeKind};

/// Whether `name` is a Rust identifier (a raw one, `r#type`, included; a keyword is not).
pub(crate) fn spellable(name: &str) -> bool {
    syn::parse_str::<syn::Ident>(name).is_ok()
}

/// Every type, field, variant, method, parameter and tag module name of `api`.
pub(super) fn check(api: &Api) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut check = |name: &str, what: &str, at: &Pointer| {
        if !spellable(name) {
            diags.push(at.clone(), format!("{what} `{name}` cannot be spelled as a Rust identifier"));
        }
    };
    for def in &api.types {
        check(&def.name, "the type name", &def.source);
        match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().for_each(|f| check(&f.ident, "the field name", &f.source)),
            TypeKind::Enum(e) => e.variants.iter().for_each(|v| check(&v.ident, "the variant name", &def.source)),
            TypeKind::Tagged(u) => {
                u.variants.iter().for_each(|v| check(&v.ident, "the variant name", &def.source));
                u.shared.iter().for_each(|f| check(&f.ident, "the accessor name", &def.source));
            }
            TypeKind::Untagged(u) => {
                u.variants.iter().for_each(|v| check(&v.ident, "the variant name", &def.source));
                u.shared.iter().for_each(|f| check(&f.ident, "the accessor name", &def.source));
            }
            TypeKind::Alias(_) => {}
        }
    }
    for op in &api.operations {
        check(&op.name, "the method name", &op.pointer);
        check(&crate::naming::tag_module(&op.tag), "the module name of its tag", &op.pointer.push("tags"));
        op.parameters.iter().for_each(|p| check(&p.ident, "the parameter name", &p.pointer));
    }
    diags.into_result(())
}

#[cfg(test)]
mod tests {
    use super::spellable;
    use crate::{load_bytes, Config, Overrides};

    #[test]
    fn a_name_rust_cannot_spell_is_a_diagnostic_at_its_node() {
        assert!(spellable("cluster_name") && spellable("r#type") && spellable("größe"));
        assert!(!spellable("²") && !spellable("self") && !spellable(""));
        // `²` is alphanumeric, so snake_case keeps it, but no identifier starts with it.
        let yaml = r##"
openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      tags: [Things]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      type: object
      properties:
        "²": {type: string}
"##;
        let spec = load_bytes(yaml.as_bytes(), false, &Overrides::default()).expect("spec loads");
        let error = crate::generate(&spec, &Config::fixture()).expect_err("the field cannot be named").to_string();
        assert!(error.contains("#/components/schemas/Thing/properties/²"), "{error}");
        assert!(error.contains("the field name `²` cannot be spelled"), "{error}");
    }
}
