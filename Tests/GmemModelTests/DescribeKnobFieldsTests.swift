import Testing

@testable import GmemModel

/// How the knobs' subpage fields read in traces and in JSON output: two
/// subpages that differ must never read the same.
@Suite struct DescribeKnobFieldsTests {
  @Test func phrasesNameEveryKnobField() {
    #expect(page(.shared, .present).phrase == "shared")
    #expect(page(.shared, .present, iommuMapped: true).phrase == "shared (iommu)")
    #expect(page(.shared, .present, written: true, expected: true).phrase == "shared (written)")
    #expect(page(.shared, .present, expected: true).phrase == "shared (write lost)")
    #expect(page(.shared, .present, written: true).phrase == "shared (unexpected data)")
    #expect(page(.shared, .present, migrated: true).phrase == "shared (migrated)")
    #expect(
      page(.shared, .present, migrated: true, pieceFreed: true).phrase
        == "shared (migrated, piece freed)")
    #expect(
      page(.shared, .present, shortPins: 1, migrated: true, stalePins: true, pieceFreed: true).phrase
        == "shared-pinned (pin 1, migrated, piece freed, pins on old page)")
  }

  @Test func everySubpageValueHasItsOwnPhrase() {
    // Every valuation of one lane except a piece freed without a
    // migration (only `migrate` and allocation set pieceFreed, and only on
    // a migrated index): distinct fields, distinct phrase.
    var seen: [String: UInt32] = [:]
    for raw in UInt32(0)...0x1_FFFF {
      let page = Subpage(raw: raw)
      if page.pieceFreed && !page.migrated { continue }
      let phrase = page.phrase
      let clash = seen.updateValue(raw, forKey: phrase)
      if let clash {
        Issue.record("\(raw) and \(clash) both read \(phrase)")
        return
      }
    }
    #expect(seen.count == 3 << 15)
  }

  @Test func stateJSONCarriesTheKnobFields() throws {
    let m = model(subpages: 2, initShared: true, longTermPins: .pfnCallback, migration: .shared4K, trackData: true)
    let s = try m.reach([.access(0), .dmaMap(1), .migrate(0)])
    let json = m.json(s).rendered()
    #expect(json.hasPrefix("""
      {"subpages":[{"index":0,"folio":0,"view":"shared","attr":"shared","life":"present",\
      "mapped":0,"shortPins":0,"longPins":0,"guestMapped":false,"iommuMapped":false,\
      "data":"written","expected":"written","migrated":true,"pieceLife":"freed","stalePins":false,\
      "transient":false},{"index":1,"folio":0,"view":"shared","attr":"shared","life":"present",\
      "mapped":0,"shortPins":0,"longPins":0,"guestMapped":false,"iommuMapped":true,"data":"zero",\
      "expected":"zero","migrated":false,"pieceLife":"present","stalePins":false,"transient":false}]
      """))
  }
}
