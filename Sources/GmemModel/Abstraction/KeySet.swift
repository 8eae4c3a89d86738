/// A set of key numbers (`KeyTable`), as `AbstractState.occupied` holds
/// them: 256 bits inline, lowest first.
struct KeySet: Hashable {
  var bits = SIMD4<UInt64>()

  init() {}
  init(bits: SIMD4<UInt64>) { self.bits = bits }

  var any: Bool { bits != .zero }
  var popCount: Int { (0..<4).reduce(0) { $0 + bits[$1].nonzeroBitCount } }

  func contains(_ i: Int) -> Bool { bits[i >> 6] >> UInt64(i & 63) & 1 != 0 }
  func union(_ other: KeySet) -> KeySet { KeySet(bits: bits | other.bits) }
  func intersection(_ other: KeySet) -> KeySet { KeySet(bits: bits & other.bits) }
  func subtracting(_ other: KeySet) -> KeySet { KeySet(bits: bits & ~other.bits) }
  func inserting(_ i: Int) -> KeySet { KeySet(bits: bits | AbstractState.bit(i)) }
  func removing(_ i: Int) -> KeySet { KeySet(bits: bits & ~AbstractState.bit(i)) }

  /// Removes and returns the lowest number.
  mutating func popFirst() -> Int? {
    for w in 0..<4 where bits[w] != 0 {
      let i = w << 6 | bits[w].trailingZeroBitCount
      bits[w] &= bits[w] &- 1
      return i
    }
    return nil
  }

  func forEach(_ body: (Int) -> Void) {
    var rest = self
    while let i = rest.popFirst() { body(i) }
  }
}
