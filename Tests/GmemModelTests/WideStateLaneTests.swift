import Testing
import TestSupport

@testable import GmemModel

/// `WideState`'s vector lane masks against a lane-by-lane loop: the
/// every-size abstraction decides which keys a step empties with them.
@Suite struct WideStateLaneTests {
  /// A state whose lanes take few values, so that lanes often agree.
  static func randomState(_ g: inout SplitMix64, keys: [UInt32]) -> WideState {
    var s = WideState()
    for p in 0..<WideState.capacity { s.setKey(p, g.pick(keys)) }
    return s
  }

  static let keys: [UInt32] = [0, 1, 0x8000, 0xFFFF, 0x1_0000, 0x1_0001, 0x1_FFFF]

  @Test func lanesDifferingMatchesALoop() {
    var g = SplitMix64(state: 7)
    for _ in 0..<2_000 {
      let a = Self.randomState(&g, keys: Self.keys)
      var b = a
      for _ in 0..<g.below(4) { b.setKey(g.below(WideState.capacity), g.pick(Self.keys)) }
      var expected: UInt32 = 0
      for p in 0..<WideState.capacity where a.key(p) != b.key(p) { expected |= 1 << UInt32(p) }
      #expect(a.lanesDiffering(from: b) == expected)
      #expect((a == b) == (expected == 0))
    }
  }

  @Test func lanesHoldingMatchesALoop() {
    var g = SplitMix64(state: 11)
    for _ in 0..<2_000 {
      let s = Self.randomState(&g, keys: Self.keys)
      let key = g.pick(Self.keys)
      var expected: UInt32 = 0
      for p in 0..<WideState.capacity where s.key(p) == key { expected |= 1 << UInt32(p) }
      #expect(s.lanesHolding(key) == expected)
    }
  }
}
