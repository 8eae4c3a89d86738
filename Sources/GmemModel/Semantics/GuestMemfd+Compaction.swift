/// Compaction: reconstituting huge pages (MODEL.md 2, Compaction).
extension GuestMemfd {
  /// All pieces freed: reassemble the folio and return it to the pool
  /// [H2 `guestmem_hugetlb_merge_folio`]. `mergeWithPins` also takes
  /// still-pinned orphans, keeping their pins: a use after free.
  func merge(_ f: Int, in s: GmemState) -> (Outcome, GmemState)? {
    guard config.backing == .huge else { return nil }
    let range = folioRange(f)
    let ready = range.allSatisfy {
      let life = s[subpage: $0].life
      return life == .freed || (config.has(.mergeWithPins) && life == .orphan)
    }
    guard ready else { return nil }
    var n = s
    for p in range { n[subpage: p].life = .hole }
    n.setLayout(.huge, ofFolio: f)
    return (.ok, n)
  }
}
