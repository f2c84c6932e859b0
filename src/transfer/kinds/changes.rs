//! The history `changes` of a created record, written straight to JSON text: every set field as
//! `{"old": null, "new": …}` in field order, plus the tags. An import writes one per record, so
//! this skips the `serde_json::Value` tree (a map, a string per key and value) that
//! `history::diff(None, …)` builds and then prints: that was about a tenth of an import's time.
//! Anything other than a struct or a map of string keys falls back to the tree.

use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeStruct};
use serde_json::Value;

/// The history `changes` of a creation (what `history::diff(None, fields)` gives, as text).
pub fn created_changes<T: Serialize>(fields: &T, tags: &[String]) -> String {
    let mut w = Changes {
        out: Vec::with_capacity(512),
        value: Vec::with_capacity(64),
        key: None,
    };
    w.out.push(b'{');
    if fields.serialize(&mut w).is_err() {
        w.out.truncate(1);
        if let Ok(Value::Object(map)) = serde_json::to_value(fields) {
            for (k, v) in map.iter().filter(|(_, v)| !v.is_null()) {
                w.entry_json(k, v);
            }
        }
    }
    if !tags.is_empty() {
        w.entry_json("tags", &tags.join(","));
    }
    w.out.push(b'}');
    // only serde_json wrote into it, and it writes UTF-8
    String::from_utf8(w.out).unwrap_or_default()
}

/// Writes `"field":{"old":null,"new":VALUE}` for each non-null field of a struct or map.
struct Changes {
    out: Vec<u8>,
    /// the current field's value, as JSON
    value: Vec<u8>,
    /// a map's current key, as a JSON string
    key: Option<Vec<u8>>,
}

#[derive(Debug)]
struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a struct of fields")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Unsupported
    }
}

impl Changes {
    /// One field whose key is already JSON text; skipped when the value is null.
    fn entry(&mut self, key: &[u8]) {
        if self.value == b"null" {
            return;
        }
        if self.out.len() > 1 {
            self.out.push(b',');
        }
        self.out.extend_from_slice(key);
        self.out.extend_from_slice(b":{\"old\":null,\"new\":");
        self.out.extend_from_slice(&self.value);
        self.out.push(b'}');
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Unsupported> {
        self.value.clear();
        serde_json::to_writer(&mut self.value, value).map_err(|_| Unsupported)?;
        let mut k = Vec::with_capacity(key.len() + 2);
        serde_json::to_writer(&mut k, key).map_err(|_| Unsupported)?;
        self.entry(&k);
        Ok(())
    }

    fn entry_json<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        // a string key and a Value or a String cannot fail to serialize
        let _ = self.field(key, value);
    }
}

impl SerializeStruct for &mut Changes {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

impl SerializeMap for &mut Changes {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        let mut k = Vec::new();
        serde_json::to_writer(&mut k, key).map_err(|_| Unsupported)?;
        if k.first() != Some(&b'"') {
            return Err(Unsupported);
        }
        self.key = Some(k);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let key = self.key.take().ok_or(Unsupported)?;
        self.value.clear();
        serde_json::to_writer(&mut self.value, value).map_err(|_| Unsupported)?;
        self.entry(&key);
        Ok(())
    }
    fn end(self) -> Result<(), Unsupported> {
        Ok(())
    }
}

macro_rules! unsupported {
    ($($name:ident($($t:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $t),*) -> Result<(), Unsupported> { Err(Unsupported) })*
    };
}

impl<'a> ser::Serializer for &'a mut Changes {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = &'a mut Changes;
    type SerializeStruct = &'a mut Changes;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    unsupported!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Ok(self)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, Unsupported> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Err(Unsupported)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn diff<T: Serialize>(fields: &T) -> String {
        Value::Object(crate::db::repo::history::diff(None, fields)).to_string()
    }

    #[test]
    fn creation_changes_are_what_history_diff_gives() {
        let mut d = crate::domain::ContactDraft::new("Zoë \"Z\"\n<b>\u{1F600}");
        d.email = Some("z@example.com".into());
        d.notes = Some("line\\one\ttab 東京".into());
        let fields = crate::db::models::ContactFields::from(d);
        assert_eq!(created_changes(&fields, &[]), diff(&fields));
        let company = crate::db::models::CompanyFields::from(
            crate::domain::CompanyDraft::new("Acme \"Ltd\"")
                .validated()
                .unwrap(),
        );
        assert_eq!(created_changes(&company, &[]), diff(&company));
        let with_tags = created_changes(&fields, &["vip".into(), "b2b".into()]);
        assert!(
            with_tags.ends_with(r#","tags":{"old":null,"new":"vip,b2b"}}"#),
            "{with_tags}"
        );
    }

    #[test]
    fn maps_and_other_shapes_give_what_the_value_tree_gives() {
        let mut m = BTreeMap::new();
        m.insert("b", Some(2.5));
        m.insert("a", None);
        m.insert("c\"", Some(-1.0));
        assert_eq!(created_changes(&m, &[]), diff(&m));
        // not a struct: nothing but the tags
        assert_eq!(created_changes(&7, &[]), "{}");
        assert_eq!(
            created_changes(&vec![1, 2], &["x".into()]),
            r#"{"tags":{"old":null,"new":"x"}}"#
        );
        let mut by_number = BTreeMap::new();
        by_number.insert(1, "one");
        assert_eq!(created_changes(&by_number, &[]), diff(&by_number));
    }
}
