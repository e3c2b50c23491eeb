"""Leadership self-assessment and 360 feedback screens."""
