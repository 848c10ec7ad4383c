"""Entry points: `nianbao` (the app) and its subcommands (a thin shell over workbook/ and rules/)."""
