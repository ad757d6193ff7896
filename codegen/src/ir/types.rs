//! Types in the IR.

use crate::diagnostics::Pointer;

/// Index of a type in [`super::Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// A built-in Rust type the generated code uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    String,
    Bool,
    I32,
    I64,
    F64,
    /// `date-time`: a UTC timestamp.
    DateTime,
    /// `date`: a calendar date.
    Date,
    /// An instant sent as an integer count of seconds since the Unix epoch (our own format
    /// `unix-seconds`, set by an override where the spec says only `int64`); parameters only.
    UnixSeconds,
    /// The same in milliseconds (format `unix-millis`).
    UnixMillis,
    /// Any JSON value: a schema that says nothing, or only `type: object`.
    Json,
}

/// How a value of some type is spelled where it is used.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Named(TypeId),
    Primitive(Primitive),
    Vec(Box<TypeRef>),
    /// A JSON object with string keys (`additionalProperties`).
    Map(Box<TypeRef>),
    /// Heap indirection that breaks a recursive type.
    Boxed(Box<TypeRef>),
}

/// A named type to emit.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    /// Where the schema was defined.
    pub source: Pointer,
    /// The component name in the spec, when the type is a component.
    pub schema_name: Option<String>,
    /// Facts for the rustdoc (Markdown lines), never prose from the spec.
    pub facts: Vec<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    Enum(StringEnum),
    Tagged(TaggedUnion),
    Untagged(UntaggedUnion),
    Alias(TypeRef),
}

#[derive(Debug, Clone, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Values of properties the schema does not name (`additionalProperties` beside `properties`).
    pub additional: Option<TypeRef>,
}

/// Whether a field must be present and whether it may be `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: a plain `T`.
    Required,
    /// May be absent (or null on decode): `Option<T>`, skipped when `None`.
    Optional,
    /// Always present but may be null: `Option<T>`, written as `null` when `None`.
    RequiredNullable,
    /// May be absent or an explicit null: `Option<Option<T>>`.
    OptionalNullable,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The Rust identifier (raw identifiers like `r#type` included).
    pub ident: String,
    /// The JSON key.
    pub wire: String,
    pub ty: TypeRef,
    pub presence: Presence,
    /// What the spec says of the property's access (`readOnly` on it, or on the schema it
    /// references).
    pub read_only: ReadOnly,
    /// Whether a request body carries the field when it is set: every writable field, and
    /// the read-only ones `spec/request_fields.toml` says Atlas takes. A value encoded for its
    /// own sake keeps every field either way.
    pub in_request: bool,
    /// The property's node in the spec (the table of request fields names it so).
    pub source: Pointer,
    /// What the spec constrains of the value (the mock checks it).
    pub check: Check,
    pub facts: Vec<String>,
    /// The spec requires it and marks it write-only: a request must carry it (the mock
    /// refuses one without it), though an answer leaves it out. Required of the type too
    /// when no answer holds the type (decided after lowering).
    pub required_in_request: bool,
    /// The spec marks it write-only (a password): an answer never carries it.
    pub write_only: bool,
    /// The wire value the struct's constructor sets itself: the tag of a union member that
    /// every union holding it selects by this one value (decided after lowering).
    pub fixed: Option<String>,
}

impl Field {
    /// Whether the field is an integer its decode reads leniently (`null`, or a float with no
    /// fraction): one spelled as an integer itself, not through an alias.
    pub fn is_integer(&self) -> bool {
        matches!(self.ty, TypeRef::Primitive(Primitive::I32 | Primitive::I64))
    }

    /// Whether a strict decode requires the field (the type's `Object::REQUIRED`): one a
    /// request must carry.
    pub fn required_strictly(&self) -> bool {
        (matches!(self.presence, Presence::Required | Presence::RequiredNullable) || self.required_in_request)
            && self.in_request
    }
}

/// What the spec constrains of one value: a string's `pattern` and length, a number's range,
/// an array's item count. The mock checks these as Atlas would; the docs state them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub pattern: Option<String>,
    pub length: Bounds<usize>,
    pub range: Bounds<f64>,
    pub items: Bounds<usize>,
}

/// A lower and an upper bound, either optional, both inclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Bounds<T> {
    pub min: Option<T>,
    pub max: Option<T>,
}

impl<T> Bounds<T> {
    pub fn is_none(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

impl Limits {
    pub fn is_none(&self) -> bool {
        self.pattern.is_none() && self.length.is_none() && self.range.is_none() && self.items.is_none()
    }
}

/// The limits of a value where a field's [`TypeRef`] has it, and those of each item of an
/// array or value of a map below it. Named types carry their own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Check {
    pub limits: Limits,
    pub each: Option<Box<Check>>,
}

impl Check {
    pub fn is_none(&self) -> bool {
        self.limits.is_none() && self.each.as_ref().is_none_or(|each| each.is_none())
    }
}

/// Where, if anywhere, the spec marks a property read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnly {
    /// Writable.
    No,
    /// `readOnly: true` on the property itself.
    Property,
    /// The property references a component schema marked `readOnly` as a whole, which
    /// says nothing of the property that uses it.
    Schema,
}

/// A string enum that keeps values it does not know.
#[derive(Debug, Clone)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// The spec lists a placeholder (`<a custom role name>`) among the values: any string is
    /// a value (in `Unknown`), and no variant sends the placeholder.
    pub open: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EnumVariant {
    pub ident: String,
    pub wire: String,
}

/// `oneOf` with a discriminator: the payload types carry the tag field themselves,
/// so it is written once; an unknown tag keeps the whole JSON value.
#[derive(Debug, Clone)]
pub struct TaggedUnion {
    /// The JSON key of the tag.
    pub property: String,
    pub variants: Vec<TaggedVariant>,
    /// The fields every variant carries, read on the union (decided after lowering).
    pub shared: Vec<SharedField>,
}

#[derive(Debug, Clone)]
pub struct TaggedVariant {
    pub ident: String,
    /// Tag values that select this variant.
    pub tags: Vec<String>,
    pub ty: TypeRef,
}

/// `oneOf`/`anyOf` without a usable tag: the variant that fits best wins (one that takes
/// the value as Atlas checks it before one that takes it leniently, then the one keeping
/// the most of the object's fields, the first on a tie), and anything else is kept as JSON.
#[derive(Debug, Clone)]
pub struct UntaggedUnion {
    pub variants: Vec<UntaggedVariant>,
    /// The fields every variant carries, read on the union (decided after lowering).
    pub shared: Vec<SharedField>,
}

/// A property every member of a union holds, so the union answers it without a `match`:
/// `event.event_type_name()`, `snapshot.id()`.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedField {
    /// The accessor's name: the members' field identifier.
    pub ident: String,
    /// The JSON key, read from a value of no known member when the accessor gives text.
    pub wire: String,
    pub read: SharedRead,
    /// How each variant holds it, in the order of the union's variants.
    pub members: Vec<SharedMember>,
}

/// How one member of a union holds a shared field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SharedMember {
    /// The field's (when [`Through::Field`]).
    pub presence: Presence,
    /// A string enum, read as text through its `as_str` (a plain string is read as it is).
    pub enumerated: bool,
    pub through: Through,
}

/// Where a union reads a shared field of one of its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Through {
    /// The member is a struct: its field.
    Field,
    /// The member is a union itself: its own accessor, which reads the same way.
    Accessor,
    /// The member is union `0`, whose accessor gives its one enum, read here as text (and
    /// from the JSON of a value of none of its own members).
    AccessorText(TypeId),
}

/// What a shared field's accessor returns.
#[derive(Debug, Clone, PartialEq)]
pub enum SharedRead {
    /// The same type in every member: `Option<&T>`.
    Typed(TypeRef),
    /// The same number or boolean in every member: `Option<T>`.
    Copied(TypeRef),
    /// The same list in every member: `Option<&[T]>` of the item type.
    Slice(TypeRef),
    /// A string or a string enum (each member may have its own enum): `Option<&str>`, also
    /// read from a value kept as JSON.
    Text,
}

#[derive(Debug, Clone)]
pub struct UntaggedVariant {
    pub ident: String,
    pub ty: TypeRef,
}

impl TypeRef {
    /// The named types this reference mentions, directly.
    pub fn ids(&self, out: &mut Vec<TypeId>) {
        match self {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Primitive(_) => {}
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) => inner.ids(out),
        }
    }
}

impl TypeDef {
    /// The named types this one is built from, directly.
    pub fn children(&self) -> Vec<TypeId> {
        let mut out = Vec::new();
        match &self.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| f.ty.ids(&mut out));
                if let Some(additional) = &s.additional {
                    additional.ids(&mut out);
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::Tagged(u) => u.variants.iter().for_each(|v| v.ty.ids(&mut out)),
            TypeKind::Untagged(u) => u.variants.iter().for_each(|v| v.ty.ids(&mut out)),
            TypeKind::Alias(target) => target.ids(&mut out),
        }
        out
    }
}
