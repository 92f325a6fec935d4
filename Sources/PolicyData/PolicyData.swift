// PolicyData module
