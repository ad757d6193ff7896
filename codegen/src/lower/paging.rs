//! Which versions are lists: a GET whose `pageNum` query parameter is an integer and whose
//! JSON answer is a struct with a `results` list and an integer `totalCount`. The lowering
//! decides it once; the emitter prints `into_stream()` and `pages()` from what it found.

use crate::ir::{Api, BodyFormat, Operation, Paging, ParamLocation, Primitive, TypeKind, TypeRef, Version};

/// Marks every list version of every operation with how its pages are walked.
pub(super) fn decide(api: &mut Api) {
    let found: Vec<Vec<Option<Paging>>> =
        api.operations.iter().map(|op| op.versions.iter().map(|v| paging(api, op, v)).collect()).collect();
    for (op, versions) in api.operations.iter_mut().zip(found) {
        for (version, paging) in op.versions.iter_mut().zip(versions) {
            version.paging = paging;
        }
    }
}

fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Primitive(Primitive::I32 | Primitive::I64))
}

/// How `version` of `op` is paged, or `None` when it is not a list.
fn paging(api: &Api, op: &Operation, version: &Version) -> Option<Paging> {
    // Walking pages sends the request again per page: only a read may be repeated like that.
    if op.method != crate::ir::Method::Get {
        return None;
    }
    let param = |wire: &str| op.parameters.iter().position(|p| p.location == ParamLocation::Query && p.wire == wire);
    let page_num = param("pageNum").filter(|&p| is_integer(&op.parameters[p].ty))?;
    let page_size = param("itemsPerPage").filter(|&p| is_integer(&op.parameters[p].ty));
    let body = version.response.as_ref().filter(|b| b.format == BodyFormat::Json)?;
    let Some(TypeRef::Named(page)) = &body.ty else { return None };
    let TypeKind::Struct(fields) = &api.get(*page).kind else { return None };
    let field = |wire: &str| fields.fields.iter().position(|f| f.wire == wire);
    let (results, total) = (field("results")?, field("totalCount")?);
    let TypeRef::Vec(item) = &fields.fields[results].ty else { return None };
    if !is_integer(&fields.fields[total].ty) {
        return None;
    }
    Some(Paging { page_num, page_size, page: *page, results, total, item: (**item).clone() })
}

#[cfg(test)]
mod tests {
    use crate::{load_bytes, Config, Overrides};

    /// A GET of `/items` whose `pageNum` has `page_type` and whose page's `totalCount` has
    /// `total_type`, as YAML.
    fn spec(method: &str, page_type: &str, total_type: &str) -> String {
        format!(
            r#"
openapi: 3.0.1
info: {{title: t, version: "1"}}
paths:
  /items:
    {method}:
      operationId: listItems
      parameters:
        - {{name: pageNum, in: query, schema: {{type: {page_type}}}}}
        - {{name: itemsPerPage, in: query, schema: {{type: integer, format: int32}}}}
      responses:
        "200":
          description: ok
          content:
            application/vnd.atlas.2023-01-01+json:
              schema:
                type: object
                properties:
                  results: {{type: array, items: {{type: string}}}}
                  totalCount: {{type: {total_type}}}
"#
        )
    }

    fn paged(yaml: &str) -> bool {
        let spec = load_bytes(yaml.as_bytes(), false, &Overrides::default()).expect("spec loads");
        let (api, _) = super::super::lower(&spec, &Config::default()).expect("spec lowers");
        api.operations[0].versions[0].paging.is_some()
    }

    #[test]
    fn the_lowering_finds_lists_and_only_lists() {
        assert!(paged(&spec("get", "integer", "integer")));
        // A write is never sent again page by page, whatever it answers.
        assert!(!paged(&spec("post", "integer", "integer")));
        // A page number or a total that is not an integer cannot drive the walk.
        assert!(!paged(&spec("get", "string", "integer")));
        assert!(!paged(&spec("get", "integer", "string")));
    }
}
