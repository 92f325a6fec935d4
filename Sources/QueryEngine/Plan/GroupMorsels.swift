// One step of grouping in parallel: each row's (group so far, code of the next key) pair gets
// the number of its group. Each morsel numbers the pairs it meets in its own order of first
// appearance, using a flat table of all possible pairs; the morsels' lists are then merged in
// morsel order, which gives every pair the number it gets front to back (the first morsel's
// pairs first, then the new ones of the second, …); a last pass renumbers the rows.

enum GroupMorsels {
    /// Replaces `ids` by the numbers of the (ids[r], codes[r]) pairs, `pairs` being
    /// ids' count × cardinality; returns the number of groups and each one's first row.
    static func combine(_ ids: inout [Int32], _ codes: [UInt32], cardinality: Int, pairs: Int) -> (count: Int, firstRows: [Int]) {
        let n = ids.count
        let (_, size) = Parallelism.morsels(n)
        return ids.withUnsafeMutableBufferPointer { idp in
            // Per morsel: the pairs in order of first appearance with their first rows; the
            // rows hold the morsel's own numbers meanwhile.
            let orders: [[(pair: Int32, row: Int32)]] = codes.withUnsafeBufferPointer { cp in
                Parallelism.mapMorsels(n) { r in
                    var slots = [Int32](repeating: -1, count: pairs)
                    var order: [(pair: Int32, row: Int32)] = []
                    slots.withUnsafeMutableBufferPointer { sp in
                        for row in r {
                            let pair = Int(idp[row]) * cardinality + Int(cp[row])
                            var id = sp[pair]
                            if id < 0 {
                                id = Int32(order.count)
                                sp[pair] = id
                                order.append((Int32(pair), Int32(row)))
                            }
                            idp[row] = id
                        }
                    }
                    return order
                }
            }
            var global = [Int32](repeating: -1, count: pairs)
            var firstRows: [Int] = []
            let remaps: [[Int32]] = orders.map { order in
                order.map { entry in
                    let p = Int(entry.pair)
                    if global[p] < 0 { global[p] = Int32(firstRows.count); firstRows.append(Int(entry.row)) }
                    return global[p]
                }
            }
            Parallelism.forEachMorsel(n) { m, r in
                remaps[m].withUnsafeBufferPointer { map in for row in r { idp[row] = map[Int(idp[row])] } }
            }
            _ = size
            return (firstRows.count, firstRows)
        }
    }
}
