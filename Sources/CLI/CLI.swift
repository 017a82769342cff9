// The nsbackup command-line client (issue 7).
