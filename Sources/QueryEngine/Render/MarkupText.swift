/// Text made safe inside HTML and SVG elements and attribute values: the one escape that the
/// HTML table and the SVG charts share. An apostrophe becomes `&#39;`, which HTML 4, HTML5 and
/// XML all read (`&apos;` is not HTML 4's).
enum MarkupText {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
