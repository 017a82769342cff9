import Testing

// Tests for this target are added with the module they cover.
@Suite struct PostgresPlaceholder {}
