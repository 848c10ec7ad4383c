"""Labels: the one matcher of printed labels to the form's rows (Traditional, typos, 1、/1./（一）, spacing)."""
