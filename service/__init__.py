"""Services the app and the command line share (Qt-free): above rules/ and workbook/."""
