// libedit's readline compatibility header. <readline/readline.h> on Debian is GNU readline,
// so the editline path is named explicitly (DESIGN.md, "REPL facts").
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <editline/readline.h>

/// libedit's settings are C globals, which Swift 6 refuses to touch directly (shared mutable
/// state); these setters are the one place that writes them. `breaks` must outlive the
/// session: libedit keeps the pointer.
static inline void hemi_el_configure(rl_completion_func_t *complete, const char *breaks) {
    rl_readline_name = "hemi";
    rl_attempted_completion_function = complete;
    rl_basic_word_break_characters = breaks;
    rl_completion_append_character = '\0';
}
/// Called from the completion function: never fall back to file names (DESIGN.md).
static inline void hemi_el_completion_over(void) { rl_attempted_completion_over = 1; }
/// The whole line being edited and the cursor, for context-aware completion.
static inline const char *hemi_el_line(void) { return rl_line_buffer ? rl_line_buffer : ""; }
static inline int hemi_el_point(void) { return rl_point; }
