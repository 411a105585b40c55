"""The organisation's pages, one module per area: units and people, Excel in and out, notices."""
