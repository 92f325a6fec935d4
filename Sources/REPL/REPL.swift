// REPL module
