/// The command line, parsed the way lua.c parses it: options up to the script name, then the
/// script's own arguments.
struct CommandLineOptions {
    enum Action { case execute(String), require(String) }

    var actions: [Action] = []          // -e and -l, in order
    var interactive = false             // -i
    var showVersion = false             // -v
    var ignoreEnvironment = false       // -E
    var warnings = false                // -W
    var help = false                    // --help
    var manPage = false                 // --man: print the man page (what make install installs)
    var types = false                   // --types: print the LuaCATS annotations of the API
    var command: String?                // -c CMD: one chunk or dot-command, then exit
    var format: String?                 // --format box|csv|json|markdown|…
    var bail = false                    // --bail: stop piped input at the first error
    var kernel = false                  // --kernel: serve the JSON-lines protocol (Sources/REPL/Kernel)
    var noPlugins = false               // --no-plugins
    var plugins: [String]?              // --plugins a,b: load only these
    var script: String?                 // the script path, or "-" for stdin
    var scriptIndex: Int?               // its index in argv (arg[0])
    var arguments: [String] = []

    struct UsageError: Error { let message: String }

    init(_ argv: [String]) throws(UsageError) {
        arguments = argv
        var i = 1
        while i < argv.count {
            let a = argv[i]
            if a == "--" { i += 1; break }
            if a == "-" || !a.hasPrefix("-") { break }
            switch a {
            case "--help", "-h": help = true
            case "--version": showVersion = true
            case "--man": manPage = true
            case "--types": types = true
            case "-i": interactive = true; showVersion = true
            case "-v": showVersion = true
            case "-E": ignoreEnvironment = true
            case "-W": warnings = true
            case "-c", "--format", "--plugins":
                guard i + 1 < argv.count else { throw UsageError(message: "'\(a)' needs argument") }
                i += 1
                if a == "-c" { command = argv[i] }
                else if a == "--format" { format = argv[i] }
                else { plugins = argv[i].split(separator: ",").map(String.init) }
            case "--bail": bail = true
            case "--kernel": kernel = true
            case "--no-plugins": noPlugins = true
            case "-e", "-l":
                guard i + 1 < argv.count else { throw UsageError(message: "'\(a)' needs argument") }
                i += 1
                actions.append(a == "-e" ? .execute(argv[i]) : .require(argv[i]))
            default:
                if a.hasPrefix("-e") { actions.append(.execute(String(a.dropFirst(2)))) }
                else if a.hasPrefix("-l") { actions.append(.require(String(a.dropFirst(2)))) }
                else if a.hasPrefix("--format=") { format = String(a.dropFirst(9)) }
                else { throw UsageError(message: "unrecognized option '\(a)'") }
            }
            i += 1
        }
        if i < argv.count { script = argv[i]; scriptIndex = i }
    }

    static let usage = """
    usage: hemi [options] [script [args]]
    Available options are:
      -e stat   execute string 'stat'
      -i        enter interactive mode after executing 'script'
      -l mod    require library 'mod' into global 'mod'
      -l g=mod  require library 'mod' into global 'g'
      -v        show version information
      -E        ignore environment variables (HEMI_INIT)
      -W        turn warnings on
      -c cmd    run one Lua chunk or dot-command (its results printed), then exit
      --format f  print query results as box, csv, tsv, json, jsonl or markdown
      --bail    stop piped input at its first error (exit 1)
      --no-plugins  load no plugins;  --plugins a,b  load only these
      --kernel  serve a session as JSON lines on stdin/stdout (for Jupyter: hemi kernel install)
      --help    show this help
      --man     print the manual page (man hemi once installed)
      --types   print LuaCATS annotations of the hemi API (for editors)
      --version show version information
      --        stop handling options
      -         stop handling options and execute stdin
    """
}
