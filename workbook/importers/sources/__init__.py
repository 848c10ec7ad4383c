"""Sources: each kind of file turned into lines of text, with the tables it can see as grids."""
