// The reference of the Lua API: every function of `hemi`, every query method, and the plugin
// `api`, with its parameters, results and one line of help. One registry, read three ways:
// `hemi.help("hemi.table")` / `.help filter` print an entry, `hemi --types` turns the whole of it
// into LuaCATS annotations for lua-language-server (APITypes.swift), and a test checks it
// against the running API (every function documented, nothing documented that does not exist).
// Adding a function to the API means adding its line here.
//
// One entry per line: `KIND SIGNATURE — HELP`. KIND is
//   class NAME                         a type: HemiQuery, a spec table, …
//   function OWNER.NAME(PARAMS): RET   a function of `hemi` (OWNER hemi) or the plugin api (api)
//   method CLASS:NAME(PARAMS): RET     a method (q:filter)
//   field OWNER.NAME: TYPE             a value field, or a field of a spec class
// PARAMS is `name: type` or `name?: type` (optional) separated by commas; types are LuaCATS.

enum APIReference {
    static let text = """
    class Hemi — The hemi module: the bundled policy dataset, your own data, metrics, plugins and charts.
    field hemi.version: string — Hemi's version, e.g. "0.1.0".
    function hemi.tables(): string[] — The names of the bundled dataset's tables, sorted.
    function hemi.table(name: string): HemiQuery — A bundled table as a lazy query (nothing is read until a result is needed).
    function hemi.describe(name: string) — Prints a table's description, grain, key, columns with types and units, source and known gaps.
    function hemi.schema(name: string): HemiColumnInfo[] — A table's columns: name, type, unit, description, source, label.
    function hemi.source(name: string): table — The source record of a table (publisher, title, edition, licence, url) or of a source id.
    function hemi.read_csv(path: string, options?: HemiCSVOptions): HemiQuery — Reads a CSV file into a query (types inferred unless given).
    function hemi.read_json(path: string): HemiQuery — Reads a JSON array of objects (or JSON lines) into a query.
    function hemi.from_rows(rows: table[], options?: HemiRowsOptions): HemiQuery — A query over Lua rows (a list of tables keyed by column name).
    function hemi.country(text: string): table? — The countries row found by name, local name, alias or ISO code, accents optional; nil if none.
    function hemi.metrics(): HemiMetricInfo[] — Every registered metric with its unit, table, inputs and plugin.
    function hemi.help(name: string, print?: boolean): string? — Help on a metric, plugin, command, parameter or API function; prints it, or returns it when print is false.
    function hemi.plugins(): HemiPluginStatus[] — Every plugin found: name, version, state (loaded, failed, incompatible, skipped), reason, metrics, commands.
    function hemi.param(name: string): number|string|boolean — The current value of a plugin parameter `plugin.name`.
    function hemi.params(): table[] — Every plugin parameter with its value, default, unit and description.
    function hemi.set_param(name: string, value: number|string|boolean|nil) — Sets a plugin parameter (nil restores its default).
    function hemi.command(name: string, arguments?: string): any — Runs a plugin's command, as `.name arguments` does in the REPL.
    function hemi.claims(): HemiQuery — The claims of the seed articles (the `claims` table).
    function hemi.check(id?: string): HemiQuery — Every claim checked against the data with its verdict, or one claim with the rows behind it.
    function hemi.bar(spec: HemiChartData): string? — A bar chart of plain data (labels, values) in the terminal, as text (print = false) or as SVG (svg = path).
    function hemi.sparklines(spec: HemiChartData): string? — One sparkline per series of plain data.
    function hemi.line(spec: HemiChartData): string? — A line chart of plain data (x, series).
    function hemi.display(value: any, options?: { rows?: integer }) — Shows a query as the front end shows results (a notebook: an HTML table with its source note; a terminal: the box) with rows rows (0: all); `display` in the Jupyter kernel.

    class HemiQuery — A lazy query: verbs build a plan, results run it. Expressions are strings in a Lua-like syntax, or Lua functions run row at a time.
    method HemiQuery:filter(condition: string|fun(row: table): boolean, params?: table<string, string|number|boolean>): HemiQuery — Keeps the rows where the condition is true (nulls are not true); values for :name come in params.
    method HemiQuery:select(...: string|table<string|integer, string>): HemiQuery — Keeps and orders columns: select("a", "b") or select{ "a", new = "expr" }.
    method HemiQuery:derive(columns: table<string, string|fun(row: table): any>, options?: { by?: string|string[], params?: table<string, string|number|boolean> }): HemiQuery — Adds computed columns; with by, aggregates are per group (shares); params give :name values.
    method HemiQuery:sort(order: string|fun(a: table, b: table): boolean): HemiQuery — Sorts by "col desc, other", or by a Lua comparison as table.sort takes.
    method HemiQuery:limit(n: integer, offset?: integer): HemiQuery — The first n rows (after offset).
    method HemiQuery:distinct(...: string): HemiQuery — Distinct rows over the named columns (all columns when none).
    method HemiQuery:group(...: string|string[]): HemiGrouped — Groups by key columns; follow with :agg{...}.
    method HemiQuery:agg(aggregates: table<string, string>): HemiQuery — Aggregates the whole table: agg{ n = "count()", s = "sum(x)" }.
    method HemiQuery:join(other: HemiQuery, keys: string|string[]|table<string, string>, options?: { suffix?: string }): HemiQuery — Inner join on key columns (same name, or { left = "right" }).
    method HemiQuery:left_join(other: HemiQuery, keys: string|string[]|table<string, string>, options?: { suffix?: string }): HemiQuery — Left join: every row of this query, nulls where other has no match.
    method HemiQuery:top(n: integer, order: string, options?: { by?: string|string[] }): HemiQuery — The first n rows by order, per group with by.
    method HemiQuery:lag(column: string, options?: HemiWindowOptions): HemiQuery — Adds the value of column n rows before (in order, per by).
    method HemiQuery:lead(column: string, options?: HemiWindowOptions): HemiQuery — Adds the value of column n rows after.
    method HemiQuery:change(column: string, options?: HemiWindowOptions): HemiQuery — Adds the difference from n rows before.
    method HemiQuery:pct_change(column: string, options?: HemiWindowOptions): HemiQuery — Adds the percent change from n rows before.
    method HemiQuery:cumsum(column: string, options?: HemiWindowOptions): HemiQuery — Adds the running sum (in order, per by).
    method HemiQuery:rank(order: string, options?: HemiWindowOptions): HemiQuery — Adds the rank by order (ties share, gaps after).
    method HemiQuery:dense_rank(order: string, options?: HemiWindowOptions): HemiQuery — Adds the rank by order (ties share, no gaps).
    method HemiQuery:row_number(order: string, options?: HemiWindowOptions): HemiQuery — Adds the row number by order.
    method HemiQuery:percent_rank(order: string, options?: HemiWindowOptions): HemiQuery — Adds (rank - 1) / (rows - 1) by order, 0 to 1; nil where the order key is missing.
    method HemiQuery:ntile(order: string, options: HemiWindowOptions): HemiQuery — Adds the bucket 1..n (options.n) by order, sizes differing by at most one.
    method HemiQuery:zscore(column: string, options?: HemiWindowOptions): HemiQuery — Adds (x - mean) / standard deviation (n - 1) per by; nil when missing or fewer than two values.
    method HemiQuery:show(n?: integer) — Runs the query and prints it as a box (n rows at most, default .maxrows).
    method HemiQuery:count(): integer — Runs the query and counts its rows (also #q).
    method HemiQuery:rows(): fun(): table? — Runs the query; an iterator over its rows as tables: for row in q:rows() do … end.
    method HemiQuery:collect(): table[] — Runs the query; its rows as a list of tables.
    method HemiQuery:first(): table? — Runs the query; its first row, or nil.
    method HemiQuery:column(name: string): any[] — Runs the query; one column's values as a list (nil for missing).
    method HemiQuery:value(name?: string): any — Runs the query; the value of the first row (first column unless named).
    method HemiQuery:schema(): { name: string, type: string }[] — The output columns and their types, without running the query.
    method HemiQuery:columns(): string[] — The output column names.
    method HemiQuery:explain(): string — The plan, one node a line.
    method HemiQuery:to_csv(path?: string): string? — Writes CSV (whole, atomically) to path, or returns it as text.
    method HemiQuery:to_tsv(path?: string): string? — Writes tab-separated values to path, or returns them.
    method HemiQuery:to_json(path?: string): string? — Writes a JSON array of objects to path, or returns it.
    method HemiQuery:to_jsonl(path?: string): string? — Writes JSON lines to path, or returns them.
    method HemiQuery:to_markdown(path?: string): string? — Writes a Markdown table with its source note to path, or returns it.
    method HemiQuery:bar(column: string, options?: HemiChartOptions): string? — A bar chart of a column (label = the column naming each bar).
    method HemiQuery:sparklines(column: string, options?: HemiChartOptions): string? — One sparkline per group (by) of a column.
    method HemiQuery:line(columns: string|string[], options?: HemiChartOptions): string? — A line chart of columns over x, one line per by group.

    class HemiGrouped — A query grouped by key columns, waiting for its aggregates.
    method HemiGrouped:agg(aggregates: table<string, string>): HemiQuery — One row per group: agg{ n = "count()", total = "sum(x)" }.
    method HemiGrouped:aggregate(aggregates: table<string, string>): HemiQuery — Another name for agg.

    class HemiPluginAPI — What a plugin's register(api) receives.
    field api.plugin: string — The plugin's name.
    field api.version: string — The plugin's version.
    field api.api_version: integer — The plugin API version this Hemi provides.
    function api.metric(spec: HemiMetricSpec) — Registers a metric: an engine expression (expr) or a Lua function (compute).
    function api.command(spec: HemiCommandSpec) — Registers a dot-command `.name args` (and hemi.command(name, args)).
    function api.param(spec: HemiParamSpec): fun(): number|string|boolean — Registers a parameter the user may set; returns a function reading its current value.
    function api.get(name: string): number|string|boolean — The current value of a parameter (this plugin's by bare name, another's as plugin.name).

    class HemiPlugin — The manifest a plugin's init.lua returns.
    field HemiPlugin.name: string — The plugin's name; must match its folder.
    field HemiPlugin.version: string — Semantic version, MAJOR.MINOR.PATCH.
    field HemiPlugin.api_version: integer — The plugin API it was written for (1).
    field HemiPlugin.description: string — One line on what it adds.
    field HemiPlugin.author: string — Who wrote it.
    field HemiPlugin.license: string — Its licence, e.g. "MIT".
    field HemiPlugin.requires?: table<string, string> — Other plugins (and hemi) it needs, with version constraints: { hemi = ">=0.2", trade = "^1.0" }.
    field HemiPlugin.register: fun(api: HemiPluginAPI) — Registers the plugin's metrics, commands and parameters; runs nothing else.

    class HemiMetricSpec — What api.metric takes.
    field HemiMetricSpec.name: string — The metric's name, usable as a column name.
    field HemiMetricSpec.description: string — What it measures.
    field HemiMetricSpec.unit: string — Its unit, e.g. "US$ millions".
    field HemiMetricSpec.table?: string — The table it applies to (or grain).
    field HemiMetricSpec.grain?: string — The rows it applies to when not one table.
    field HemiMetricSpec.expr?: string — An engine expression over the table's columns.
    field HemiMetricSpec.compute?: fun(key: string[]): HemiQuery — A Lua function computing the metric per table (with key; told which key when there are several).
    field HemiMetricSpec.key?: string[]|string[][] — The columns a computed metric is matched on, or alternatives tried in order.
    field HemiMetricSpec.inputs?: string[] — The columns it reads.
    field HemiMetricSpec.sources?: string[] — The sources of its inputs, as cited in help.
    field HemiMetricSpec.formula?: string — The formula in words, for help.
    field HemiMetricSpec.notes?: string — Caveats, for help.
    field HemiMetricSpec.mode?: string — How it is computed, for help.

    class HemiCommandSpec — What api.command takes.
    field HemiCommandSpec.name: string — The command's name (.name in the REPL).
    field HemiCommandSpec.description: string — One line for .help.
    field HemiCommandSpec.usage?: string — Its arguments, e.g. "[year]".
    field HemiCommandSpec.run: fun(args: string): any — Runs it with the rest of the command line.

    class HemiParamSpec — What api.param takes.
    field HemiParamSpec.name: string — The parameter's name (plugin.name for hemi.set_param).
    field HemiParamSpec.description: string — What it changes.
    field HemiParamSpec.default: number|string|boolean — Its default value (also its type).
    field HemiParamSpec.unit?: string — Its unit.

    class HemiCSVOptions — Options of hemi.read_csv.
    field HemiCSVOptions.delimiter?: string — The field separator (default ",").
    field HemiCSVOptions.header?: boolean — Whether the first line names the columns (default true).
    field HemiCSVOptions.types?: table<string, string> — Column types: { year = "integer" }.
    field HemiCSVOptions.null?: string[] — Texts read as missing (default: only the empty field): { "NA", "" }.

    class HemiRowsOptions — Options of hemi.from_rows.
    field HemiRowsOptions.columns?: string[] — The column order.
    field HemiRowsOptions.types?: table<string, string> — Column types.

    class HemiWindowOptions — Options of the window methods.
    field HemiWindowOptions.order?: string — The order within each group, e.g. "year".
    field HemiWindowOptions.by?: string|string[] — The groups.
    field HemiWindowOptions.n?: integer — The offset of lag, lead, change and pct_change (default 1); the number of buckets of ntile.
    field HemiWindowOptions.as?: string — The new column's name.

    class HemiChartOptions — Options of every chart.
    field HemiChartOptions.title?: string — The chart's title.
    field HemiChartOptions.unit?: string — The unit shown with the values.
    field HemiChartOptions.source?: string — The source note under the chart.
    field HemiChartOptions.width?: integer — The width in columns (or pixels for SVG).
    field HemiChartOptions.height?: integer — The height.
    field HemiChartOptions.svg?: string|boolean — Write an SVG file here instead of printing; true: the SVG document itself (printed, or returned with print = false). In a notebook charts are shown as SVG.
    field HemiChartOptions.ascii?: boolean — Draw with ASCII instead of Unicode blocks.
    field HemiChartOptions.print?: boolean — false: return the chart as text instead of printing it.
    field HemiChartOptions.shared_scale?: boolean — One scale for every sparkline.
    field HemiChartOptions.label?: string — The column naming each bar (query charts).
    field HemiChartOptions.by?: string — The column grouping lines or sparklines (query charts).
    field HemiChartOptions.x?: string — The column along the x axis, numbers or dates (query charts).
    field HemiChartOptions.marks?: HemiChartMark[] — Events drawn as vertical lines (line charts).

    class HemiChartMark — An event on a line chart's x axis.
    field HemiChartMark.x: number|string — Its position: a number, or a date "YYYY-MM-DD".
    field HemiChartMark.label: string — What it marks, listed under the legend.

    class HemiChartData: HemiChartOptions — Plain data for hemi.bar, hemi.sparklines and hemi.line.
    field HemiChartData.labels?: string[] — Bar labels.
    field HemiChartData.values?: number[] — Bar values.
    field HemiChartData.x?: any[] — Line x values.
    field HemiChartData.series?: table<string, number[]> — Named series of numbers.

    class HemiColumnInfo — A column of a dataset table (hemi.schema).
    field HemiColumnInfo.name: string — The column's name.
    field HemiColumnInfo.type: string — integer, float, string, boolean or date.
    field HemiColumnInfo.unit?: string — Its unit.
    field HemiColumnInfo.description: string — What it holds.
    field HemiColumnInfo.source: string — Its source id.
    field HemiColumnInfo.label?: string — Its short name in chart legends and titles.

    class HemiMetricInfo — A registered metric (hemi.metrics).
    field HemiMetricInfo.name: string — The metric's name.
    field HemiMetricInfo.description: string — What it measures.
    field HemiMetricInfo.unit: string — Its unit.
    field HemiMetricInfo.table?: string — The table it applies to.
    field HemiMetricInfo.inputs: string[] — The columns it reads.
    field HemiMetricInfo.plugin: string — The plugin that registered it.
    field HemiMetricInfo.version: string — That plugin's version.

    class HemiPluginStatus — A plugin found on the search path (hemi.plugins).
    field HemiPluginStatus.name: string — Its name.
    field HemiPluginStatus.path: string — Its folder.
    field HemiPluginStatus.state: "loaded"|"failed"|"incompatible"|"skipped" — What became of it.
    field HemiPluginStatus.version?: string — Its version.
    field HemiPluginStatus.reason?: string — Why it failed, is incompatible or was skipped.
    field HemiPluginStatus.file?: string — The file an error points at.
    field HemiPluginStatus.line?: integer — The line an error points at.
    field HemiPluginStatus.description?: string — Its description.
    field HemiPluginStatus.author?: string — Its author.
    field HemiPluginStatus.license?: string — Its licence.
    field HemiPluginStatus.metrics: string[] — The metrics it registered.
    field HemiPluginStatus.commands: string[] — The commands it registered.
    """
}
