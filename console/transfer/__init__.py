"""Spreadsheets in and out: import technicians and customers from CSV/XLSX (with a dry run
that names every row's problem by line), export completed jobs with costs."""
