// Scripting module
