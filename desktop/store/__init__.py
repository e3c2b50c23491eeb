"""The only package that speaks SQL: the encrypted workspace database and its repositories."""
