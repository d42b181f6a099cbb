"""Records: the paper files and the day ledger, read, checked, merged and written."""
