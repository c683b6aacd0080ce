"""Quality: Great Expectations' distribution and cross-table checks over the marts (validate) and
their saved results and report page (validation_report)."""
