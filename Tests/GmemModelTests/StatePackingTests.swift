import Testing

@testable import GmemModel

/// One way to vary a whole state, and how to read what it varies.
private struct Variation {
  let name: String
  let apply: (inout GmemState) -> Void
}

private let lanes = 0..<GmemState.subpageCapacity

private func variations() -> [Variation] {
  var result: [Variation] = []
  for p in lanes {
    for (field, _, f) in subpageFields {
      for (i, set) in f.enumerated() {
        result.append(Variation(name: "p\(p).\(field)#\(i)") { $0[subpage: p] = set($0[subpage: p]) })
      }
    }
  }
  result.append(Variation(name: "closed") { $0.closed.toggle() })
  for first in lanes {
    for last in first..<GmemState.subpageCapacity {
      for to in Attr.allCases {
        result.append(Variation(name: "request \(first)-\(last) \(to.name)") {
          $0.request = Request(first: first, last: last, to: to)
        })
      }
    }
  }
  result.append(Variation(name: "no request") { $0.request = nil })
  for f in 0..<GmemState.layoutCapacity {
    result.append(Variation(name: "layout \(f)") {
      $0.setLayout($0.layout(ofFolio: f) == .huge ? .split : .huge, ofFolio: f)
    })
  }
  return result
}

/// Every field of a state, each as one string.
private func read(_ s: GmemState) -> [String] {
  lanes.map { "p\($0) " + fields(s[subpage: $0]).joined(separator: " ") }
    + ["closed \(s.closed)", "request \(String(describing: s.request))"]
    + (0..<GmemState.layoutCapacity).map { "layout \($0) \(s.layout(ofFolio: $0).name)" }
}

private func busyState() -> GmemState {
  var s = GmemState()
  for p in lanes { s[subpage: p] = backgrounds[p % backgrounds.count] }
  s.closed = true
  s.request = Request(first: 3, last: 9, to: .shared)
  s.setLayout(.split, ofFolio: 1)
  s.setLayout(.split, ofFolio: 4)
  return s
}

@Suite struct GmemStatePackingTests {
  @Test(arguments: [GmemState(), busyState()])
  func eachVariationChangesOnlyItsOwnField(base: GmemState) {
    let before = read(base)
    for v in variations() {
      var s = base
      v.apply(&s)
      let after = read(s)
      let changed = zip(before, after).filter { $0 != $1 }.map(\.0)
      #expect(changed.count <= 1, "\(v.name) changed \(changed)")
      #expect((s == base) == changed.isEmpty, "\(v.name)")
    }
  }

  @Test(arguments: [GmemState(), busyState()])
  func requestRoundTripsEveryRangeAndTargetAndClears(base: GmemState) {
    for first in lanes {
      for last in first..<GmemState.subpageCapacity {
        for to in Attr.allCases {
          var s = base
          let r = Request(first: first, last: last, to: to)
          s.request = r
          #expect(s.request == r)
          s.request = nil
          #expect(s.request == nil)
          #expect(read(s).dropLast(6) == read(base).dropLast(6))
        }
      }
    }
  }

  @Test func eachSubpageLaneHoldsItsOwnValue() {
    var s = GmemState()
    // Every bit of every lane used, each lane different.
    let raw = { (p: Int) in UInt16(0xFFFF - 0x0101 * p) }
    for p in lanes { s[subpage: p] = Subpage(raw: raw(p)) }
    #expect(!s.closed && s.request == nil && s.layout(ofFolio: 4) == .huge)
    s.closed = true
    s.request = Request(first: 14, last: 14, to: .shared)
    for f in 0..<GmemState.layoutCapacity { s.setLayout(.split, ofFolio: f) }
    #expect(lanes.map { s[subpage: $0].raw } == lanes.map(raw))
  }

  @Test func globalLaneLayoutIsAsDocumented() {
    // Lane 15 is the top 16 bits of w3: bit 0 closed, 1 pending, 2 target,
    // 3-6 first, 7-10 last, 11-15 the layouts of folios 0...4.
    var s = GmemState()
    s.closed = true
    #expect([s.w0, s.w1, s.w2, s.w3] == [0, 0, 0, 1 << 48])
    s.closed = false
    s.request = Request(first: 3, last: 9, to: .shared)
    #expect(s.w3 == UInt64(0b1001_0011_1_1_0) << 48)
    s.request = Request(first: 3, last: 9, to: .private)
    #expect(s.w3 == UInt64(0b1001_0011_0_1_0) << 48)
    s.request = nil
    for f in 0..<GmemState.layoutCapacity {
      s.setLayout(.split, ofFolio: f)
      #expect(s.w3 == UInt64(1) << (48 + 11 + UInt64(f)), "folio \(f)")
      s.setLayout(.huge, ofFolio: f)
    }
    #expect(s == GmemState())
  }

  @Test func subpageLanesFillTheWordsInOrder() {
    var s = GmemState()
    s[subpage: 0] = Subpage(raw: 0x8001)
    s[subpage: 5] = Subpage(raw: 0xFFFF)
    s[subpage: 14] = Subpage(raw: 0x4002)
    #expect(s.w0 == 0x8001)
    #expect(s.w1 == 0xFFFF_0000)
    #expect(s.w3 == 0x4002_0000_0000)
    #expect(s.w2 == 0)
  }

  @Test func statesWithEqualFieldsAreEqualWhateverTheOrderOfWrites() {
    var a = GmemState()
    a.request = Request(first: 2, last: 5, to: .shared)
    a.closed = true
    a.setLayout(.split, ofFolio: 2)
    a[subpage: 7] = page(.shared, .present, mapped: 1)
    var b = GmemState()
    b[subpage: 7] = page(.shared, .orphan, longPins: 3, migrated: true)
    b[subpage: 7] = page(.shared, .present, mapped: 1)
    b.setLayout(.split, ofFolio: 2)
    b.request = Request(first: 0, last: 14, to: .private)
    b.request = Request(first: 2, last: 5, to: .shared)
    b.closed = true
    #expect(a == b)
    #expect(a.fingerprint == b.fingerprint)
  }

  @Test(arguments: [GmemState(), busyState()])
  func fingerprintDiffersForStatesDifferingInOneField(base: GmemState) {
    var prints: [UInt64: String] = [base.fingerprint: "base"]
    for v in variations() {
      var s = base
      v.apply(&s)
      guard s != base else { continue }
      let clash = prints.updateValue(v.name, forKey: s.fingerprint)
      #expect(clash == nil, "\(v.name) has the fingerprint of \(clash ?? "")")
    }
    // The base, and one state per other value: 15 lanes x 20 subpage
    // values (attr 1, life 3, three counters 3 each, seven flags 1 each),
    // closed, 5 layouts, and 241 requests (240 and none) less the one the
    // base has.
    #expect(prints.count == 547)
  }
}
