import Testing
@testable import QueryEngine

@Suite struct HTMLRendererTests {
    /// The table and the charts share one escape; the charts first turn control characters
    /// (a newline in a label) into spaces, since XML forbids most of them.
    @Test func tablesAndChartsEscapeAlike() {
        #expect(MarkupText.escape("<b>&'\"\n") == "&lt;b&gt;&amp;&#39;&quot;\n")
        #expect(SVGDocument.escape("<b>&'\"\n") == "&lt;b&gt;&amp;&#39;&quot; ")
    }

    @Test func typesNullsEscapingAndTheRowCount() throws {
        let t = try Table(schema: [Field("name", .string), Field("usd", .float), Field("year", .integer)],
                          rows: (0..<30).map { i in [.string(i == 0 ? "<b>&'\"" : "r\(i)"), i == 1 ? .null : .double(1234.5), .int(2000 + Int64(i))] })
        let html = HTMLRenderer.render(t, maxRows: 4, note: "Source: A & B.")
        #expect(html.contains("<th style=\"text-align:right\">usd<br><span style=\"font-weight:normal;opacity:0.6\">float</span></th>"))
        #expect(html.contains("<td style=\"text-align:left\">&lt;b&gt;&amp;&#39;&quot;</td>"))
        #expect(html.contains("<td style=\"text-align:right\" class=\"hemi-null\"><em style=\"opacity:0.5\">NULL</em></td>"))
        #expect(html.contains("<td style=\"text-align:right\">1,234.5</td>"))
        #expect(html.contains("<td style=\"text-align:right\">2029</td>"))     // years without separators
        #expect(!html.contains(">r2<") && html.contains(">r28<") && html.contains(">…</td>"))
        #expect(html.contains("30 rows (4 shown)<br>Source: A &amp; B.</p>"))
        #expect(HTMLRenderer.render(try Table(schema: [Field("a", .integer)], rows: [[.int(1)]])).contains(">1 row</p>"))
    }

    @Test func jsonTextIsCompactAndRoundTrips() throws {
        let v = JSONValue.object([("a", .number(3)), ("b", .array([.string("x\n\"y\""), .bool(true), .null, .number(0.5)]))])
        #expect(v.text == #"{"a":3,"b":["x\n\"y\"",true,null,0.5]}"#)
        #expect(try JSONValue.parse(v.bytes) == v)
        #expect(JSONValue.number(.nan).text == "null")
    }
}
