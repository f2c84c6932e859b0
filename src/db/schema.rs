//! The one schema both backends share. Written by hand (not `diesel print-schema`): ids use the
//! cross-backend [`Uuid`] SQL type and per-backend extras (SQLite's `seq` rowid, PostgreSQL's
//! `search` tsvector) are left out on purpose.

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    users (id) {
        id -> Uuid,
        name -> Text,
        email -> Text,
        role -> Text,
        timezone -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
        login -> Nullable<Text>,
        team_id -> Nullable<Uuid>,
        active -> Bool,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    teams (id) {
        id -> Uuid,
        name -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
        updated_at -> Timestamp,
        version -> Integer,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    companies (id) {
        id -> Uuid,
        name -> Text,
        domain -> Nullable<Text>,
        website -> Nullable<Text>,
        industry -> Nullable<Text>,
        size -> Nullable<Text>,
        status -> Text,
        category -> Nullable<Text>,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
        billing_street -> Nullable<Text>,
        billing_city -> Nullable<Text>,
        billing_region -> Nullable<Text>,
        billing_postal_code -> Nullable<Text>,
        billing_country -> Nullable<Text>,
        service_street -> Nullable<Text>,
        service_city -> Nullable<Text>,
        service_region -> Nullable<Text>,
        service_postal_code -> Nullable<Text>,
        service_country -> Nullable<Text>,
        annual_revenue -> Nullable<BigInt>,
        currency -> Text,
        employee_count -> Nullable<Integer>,
        parent_id -> Nullable<Uuid>,
        owner_id -> Nullable<Uuid>,
        notes -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        external_source -> Nullable<Text>,
        external_id -> Nullable<Text>,
        version -> Integer,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    contacts (id) {
        id -> Uuid,
        company_id -> Nullable<Uuid>,
        first_name -> Text,
        last_name -> Nullable<Text>,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
        title -> Nullable<Text>,
        is_primary -> Bool,
        preferred_channel -> Text,
        do_not_contact -> Bool,
        owner_id -> Nullable<Uuid>,
        notes -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        external_source -> Nullable<Text>,
        external_id -> Nullable<Text>,
        mobile_phone -> Nullable<Text>,
        version -> Integer,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    pipeline_stages (id) {
        id -> Uuid,
        name -> Text,
        position -> Integer,
        probability -> Integer,
        color -> Text,
        kind -> Text,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    deals (id) {
        id -> Uuid,
        title -> Text,
        company_id -> Nullable<Uuid>,
        contact_id -> Nullable<Uuid>,
        stage_id -> Uuid,
        value -> BigInt,
        currency -> Text,
        expected_close -> Nullable<Date>,
        probability -> Nullable<Integer>,
        status -> Text,
        priority -> Text,
        owner_id -> Nullable<Uuid>,
        lost_reason -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        external_source -> Nullable<Text>,
        external_id -> Nullable<Text>,
        version -> Integer,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    activities (id) {
        id -> Uuid,
        kind -> Text,
        subject -> Text,
        body -> Nullable<Text>,
        outcome -> Nullable<Text>,
        company_id -> Nullable<Uuid>,
        contact_id -> Nullable<Uuid>,
        deal_id -> Nullable<Uuid>,
        owner_id -> Nullable<Uuid>,
        assignee_id -> Nullable<Uuid>,
        due_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    tags (id) {
        id -> Uuid,
        name -> Text,
        color -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    company_tags (company_id, tag_id) {
        company_id -> Uuid,
        tag_id -> Uuid,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    contact_tags (contact_id, tag_id) {
        contact_id -> Uuid,
        tag_id -> Uuid,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    deal_tags (deal_id, tag_id) {
        deal_id -> Uuid,
        tag_id -> Uuid,
        created_at -> Timestamp,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    saved_views (id) {
        id -> Uuid,
        owner_id -> Nullable<Uuid>,
        entity -> Text,
        name -> Text,
        filter -> Text,
        sort -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
        version -> Integer,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    history (id) {
        id -> Uuid,
        at -> Timestamp,
        actor_id -> Nullable<Uuid>,
        entity -> Text,
        entity_id -> Uuid,
        action -> Text,
        changes -> Text,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    imports (id) {
        id -> Uuid,
        at -> Timestamp,
        actor_id -> Nullable<Uuid>,
        entity -> Text,
        file -> Text,
        format -> Text,
        options -> Text,
        rows_read -> BigInt,
        created -> BigInt,
        updated -> BigInt,
        skipped -> BigInt,
        invalid -> BigInt,
        related_created -> BigInt,
        undone_at -> Nullable<Timestamp>,
        undone_by -> Nullable<Uuid>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use crate::db::types::sql::Uuid;

    import_items (import_id, entity, record_id) {
        import_id -> Uuid,
        entity -> Text,
        record_id -> Uuid,
        action -> Text,
        version -> Integer,
        before -> Nullable<Text>,
    }
}

diesel::joinable!(users -> teams (team_id));
diesel::joinable!(companies -> users (owner_id));
diesel::joinable!(contacts -> companies (company_id));
diesel::joinable!(deals -> pipeline_stages (stage_id));
diesel::joinable!(deals -> companies (company_id));
diesel::joinable!(deals -> contacts (contact_id));
diesel::joinable!(activities -> deals (deal_id));
diesel::joinable!(company_tags -> tags (tag_id));
diesel::joinable!(company_tags -> companies (company_id));
diesel::joinable!(contact_tags -> tags (tag_id));
diesel::joinable!(contact_tags -> contacts (contact_id));
diesel::joinable!(deal_tags -> tags (tag_id));
diesel::joinable!(deal_tags -> deals (deal_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    teams,
    settings,
    companies,
    contacts,
    pipeline_stages,
    deals,
    activities,
    tags,
    company_tags,
    contact_tags,
    deal_tags,
    saved_views,
    history,
    imports,
    import_items,
);
