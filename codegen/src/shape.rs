//! One flat view of a schema, whichever of openapiv3's `SchemaKind` variants holds it,
//! so that lowering reads `type`, `properties`, `oneOf`, ... the same way everywhere.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The primitive or container kind a schema declares with `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeKind<'a> {
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
    /// No `type` at all.
    Unspecified,
    /// A `type` that OpenAPI 3.0 does not have.
    Unknown(&'a str),
}

/// Validation facts that end up in the docs of the generated item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub pattern: Option<String>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    pub min_properties: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Shape<'a> {
    pub data: &'a SchemaData,
    pub kind: ShapeKind<'a>,
    pub format: Option<String>,
    /// Listed values, `null` dropped.
    pub enumeration: Vec<Value>,
    pub properties: Option<&'a Properties>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    pub one_of: &'a [ReferenceOr<Schema>],
    pub all_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub has_not: bool,
    pub constraints: Constraints,
}

impl<'a> Shape<'a> {
    pub fn of(schema: &'a Schema) -> Self {
        let mut shape = Shape {
            data: &schema.schema_data,
            kind: ShapeKind::Unspecified,
            format: None,
            enumeration: Vec::new(),
            properties: None,
            required: &[],
            additional: None,
            items: None,
            one_of: &[],
            all_of: &[],
            any_of: &[],
            has_not: false,
            constraints: Constraints::default(),
        };
        match &schema.schema_kind {
            SchemaKind::Type(ty) => shape.read_type(ty),
            SchemaKind::OneOf { one_of } => shape.one_of = one_of,
            SchemaKind::AllOf { all_of } => shape.all_of = all_of,
            SchemaKind::AnyOf { any_of } => shape.any_of = any_of,
            SchemaKind::Not { .. } => shape.has_not = true,
            SchemaKind::Any(any) => shape.read_any(any),
        }
        shape
    }

    fn read_type(&mut self, ty: &'a Type) {
        let c = &mut self.constraints;
        match ty {
            Type::String(s) => {
                self.kind = ShapeKind::String;
                self.format = format_name(&s.format);
                self.enumeration = s.enumeration.iter().flatten().map(|v| Value::from(v.as_str())).collect();
                c.pattern = s.pattern.clone();
                c.min_length = s.min_length;
                c.max_length = s.max_length;
            }
            Type::Number(n) => {
                self.kind = ShapeKind::Number;
                self.format = format_name(&n.format);
                self.enumeration = n.enumeration.iter().flatten().map(|v| Value::from(*v)).collect();
                c.minimum = n.minimum;
                c.maximum = n.maximum;
            }
            Type::Integer(i) => {
                self.kind = ShapeKind::Integer;
                self.format = format_name(&i.format);
                self.enumeration = i.enumeration.iter().flatten().map(|v| Value::from(*v)).collect();
                c.minimum = i.minimum.map(|v| v as f64);
                c.maximum = i.maximum.map(|v| v as f64);
            }
            Type::Boolean(b) => {
                self.kind = ShapeKind::Boolean;
                self.enumeration = b.enumeration.iter().flatten().map(|v| Value::from(*v)).collect();
            }
            Type::Object(o) => {
                self.kind = ShapeKind::Object;
                self.properties = (!o.properties.is_empty()).then_some(&o.properties);
                self.required = &o.required;
                self.additional = o.additional_properties.as_ref();
                c.min_properties = o.min_properties;
            }
            Type::Array(a) => {
                self.kind = ShapeKind::Array;
                self.items = a.items.as_ref();
                c.min_items = a.min_items;
                c.max_items = a.max_items;
                c.unique_items = a.unique_items;
            }
        }
    }

    fn read_any(&mut self, any: &'a openapiv3::AnySchema) {
        self.kind = match any.typ.as_deref() {
            None => ShapeKind::Unspecified,
            Some("string") => ShapeKind::String,
            Some("number") => ShapeKind::Number,
            Some("integer") => ShapeKind::Integer,
            Some("boolean") => ShapeKind::Boolean,
            Some("object") => ShapeKind::Object,
            Some("array") => ShapeKind::Array,
            Some(other) => ShapeKind::Unknown(other),
        };
        self.format = any.format.clone();
        self.enumeration = any.enumeration.iter().filter(|v| !v.is_null()).cloned().collect();
        self.properties = (!any.properties.is_empty()).then_some(&any.properties);
        self.required = &any.required;
        self.additional = any.additional_properties.as_ref();
        self.items = any.items.as_ref();
        self.one_of = &any.one_of;
        self.all_of = &any.all_of;
        self.any_of = &any.any_of;
        self.has_not = any.not.is_some();
        self.constraints = Constraints {
            pattern: any.pattern.clone(),
            min_length: any.min_length,
            max_length: any.max_length,
            minimum: any.minimum,
            maximum: any.maximum,
            min_items: any.min_items,
            max_items: any.max_items,
            unique_items: any.unique_items.unwrap_or(false),
            min_properties: any.min_properties,
        };
    }

    /// Whether the schema lists properties or allows extra ones (an object in all but name).
    pub fn looks_like_object(&self) -> bool {
        self.kind == ShapeKind::Object || self.properties.is_some()
    }
}

fn format_name<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(known) => Some(kebab_format(&format!("{known:?}"))),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// openapiv3's known formats are Rust variants (`DateTime`); the spec spells them `date-time`.
fn kebab_format(variant: &str) -> String {
    match variant {
        "DateTime" => "date-time".to_owned(),
        other => other.to_ascii_lowercase(),
    }
}
