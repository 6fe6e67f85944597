/// Sorts values ascending, carrying their weights along, by a stable LSD radix sort on the
/// values' bit patterns. For a few thousand regions it is about four times faster than the
/// standard library's comparison sort, and sorting is the largest single cost of the measures.
///
/// A double maps to an unsigned key of the same order by flipping every bit of a negative and
/// the sign bit of a positive. Keys are sorted 11 bits at a time (six passes for 64 bits), and a
/// pass is skipped when every key has the same digit (the sign and exponent bits of values of
/// one magnitude). Values must not be NaN; −0 and +0 count as equal.
func radixSortedByValue(
    _ values: [Double], weights: [Double]?
) -> (values: [Double], weights: [Double]?) {
    let count = values.count
    let digitBits = 11
    let digitCount = (64 + digitBits - 1) / digitBits
    let bucketCount = 1 << digitBits
    let digitMask = UInt64(bucketCount - 1)
    func digit(_ key: UInt64, _ pass: Int) -> Int {
        Int((key >> UInt64(pass * digitBits)) & digitMask)
    }

    // Two halves each: a pass reads one half and writes the other.
    let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 2 * count)
    let order = UnsafeMutableBufferPointer<Int>.allocate(capacity: 2 * count)
    let bucketStarts = UnsafeMutableBufferPointer<Int>.allocate(capacity: bucketCount * digitCount)
    defer {
        keys.deallocate()
        order.deallocate()
        bucketStarts.deallocate()
    }
    _ = bucketStarts.initialize(from: repeatElement(0, count: bucketStarts.count))
    values.withUnsafeBufferPointer { values in
        for index in 0..<count {
            let bits = (values[index] + 0).bitPattern  // −0 + 0 = +0: zeros tie, as under <
            let key = bits >> 63 == 1 ? ~bits : bits | (1 << 63)
            keys[index] = key
            order[index] = index
            for pass in 0..<digitCount { bucketStarts[pass * bucketCount + digit(key, pass)] += 1 }
        }
    }
    var source = 0
    var target = count
    for pass in 0..<digitCount {
        let base = pass * bucketCount
        if bucketStarts[base + digit(keys[source], pass)] == count { continue }
        var start = 0
        for bucket in base..<(base + bucketCount) {
            (bucketStarts[bucket], start) = (start, start + bucketStarts[bucket])
        }
        for index in 0..<count {
            let key = keys[source + index]
            let slot = target + bucketStarts[base + digit(key, pass)]
            bucketStarts[base + digit(key, pass)] += 1
            keys[slot] = key
            order[slot] = order[source + index]
        }
        swap(&source, &target)
    }
    func permuted(_ array: [Double]) -> [Double] {
        array.withUnsafeBufferPointer { array in
            [Double](unsafeUninitializedCapacity: count) { sorted, initialized in
                for index in 0..<count { sorted[index] = array[order[source + index]] }
                initialized = count
            }
        }
    }
    return (permuted(values), weights.map(permuted))
}
