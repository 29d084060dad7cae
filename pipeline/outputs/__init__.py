"""Stage 7, record, and what a run leaves behind: records, PROV-O, the report, the audit table."""
