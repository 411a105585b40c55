"""Forms of the campaigns app, one module per area: they parse and validate; services write."""
