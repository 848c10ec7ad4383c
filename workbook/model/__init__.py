"""The report as data: the format, the report, where cells sit, values and labels."""
