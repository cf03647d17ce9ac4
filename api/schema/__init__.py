"""The GraphQL schema, split by type (strawberry's own examples): each module has one job."""
