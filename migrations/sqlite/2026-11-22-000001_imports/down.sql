DROP TABLE import_items;
DROP TABLE imports;
