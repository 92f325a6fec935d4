// libedit's readline compatibility header. <readline/readline.h> on Debian is GNU readline,
// so the editline path is named explicitly (DESIGN.md, "REPL facts").
#include <stdio.h>
#include <editline/readline.h>
