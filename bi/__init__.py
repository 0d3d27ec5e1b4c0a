"""For BI readers: a DuckDB catalog of views over the warehouse, and a static HTML report."""
