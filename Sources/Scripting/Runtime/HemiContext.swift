// What one Lua state's `hemi` module shares across calls: the dataset (loaded on first use,
// so `hemi -e 'print(1)'` stays fast), the metric registry, and how results are displayed.

import Synchronization
import LuaBridge
import QueryEngine
import PolicyData

public final class HemiContext: @unchecked Sendable {
    public let metrics: MetricRegistry
    private let datasetState = Mutex<Result<PolicyDataset, EngineError>?>(nil)
    private let loadDataset: @Sendable () throws(EngineError) -> PolicyDataset

    /// How the REPL and `hemi -c` print query results (`.mode`, `--format`).
    public var displayFormat: OutputFormat? = nil   // nil: box
    /// Rows a box shows before eliding the middle (`.maxrows`).
    public var maxRows = 20
    /// `.mode line`: one `column = value` per line, a blank line between rows (sqlite3's).
    public var lineMode = false
    /// Widest a box may be (`.maxwidth`); nil: the terminal's width.
    public var maxWidth: Int?
    /// Widest a column of a box may be (`.last` lifts it).
    public var maxColumnWidth = 40
    /// Where `q:show()` sends its text when a front end chose (the REPL's display, which pages
    /// and redirects); nil: standard output.
    public var showSink: ((String) -> Void)?
    /// Whether a person is watching (the REPL): long reads then report progress on stderr.
    /// Scripts and pipes stay silent.
    public var interactive = false
    /// Where tables and charts go instead of stdout when the front end shows display data
    /// (the Jupyter kernel); nil in a terminal. Not retained: the front end owns it.
    public weak var displaySink: (any DisplaySink)?
    /// The plugin host, once the driver has made one (the REPL's .plugins, .reload, commands).
    public var plugins: PluginHost?
    /// Called by each query verb before it binds (QueryLua.verb): returns the query to bind
    /// against, given the query and (lazily) the verb's expression texts. The plugin host
    /// sets it to add the columns of Lua-computed metrics the expressions name
    /// (PluginHost.metricColumns); nil: verbs bind against their query as it is.
    var beforeVerb: ((QueryBox, () -> [String]) throws -> QueryBox)?
    /// Installs the rest of the `hemi` module when it was installed lazily (HemiRuntime).
    var loader: (() -> Void)?

    /// Makes sure the whole `hemi` module (and the plugins) is installed; cheap once done.
    public func ensureLoaded() {
        guard let load = loader else { return }
        loader = nil
        load()
    }
    var progress: ProgressReporter { interactive ? .standard : .disabled }

    public init(metrics: MetricRegistry = MetricRegistry(),
                dataset: @escaping @Sendable () throws(EngineError) -> PolicyDataset = { () throws(EngineError) in try PolicyDataset.bundled() }) {
        self.metrics = metrics
        self.loadDataset = dataset
    }

    public func dataset() throws(EngineError) -> PolicyDataset {
        let r = datasetState.withLock { (state: inout Result<PolicyDataset, EngineError>?) -> Result<PolicyDataset, EngineError> in
            if let state { return state }
            let loaded: Result<PolicyDataset, EngineError>
            do throws(EngineError) { loaded = .success(try loadDataset()) } catch { loaded = .failure(error) }
            state = loaded
            return loaded
        }
        return try r.get()
    }

    // One context per state, kept by the state itself, found from inside Lua callbacks.
    public static func of(_ lua: LuaState) -> HemiContext? { lua.host as? HemiContext }
    static func attach(_ context: HemiContext, to lua: LuaState) { lua.host = context }

}
