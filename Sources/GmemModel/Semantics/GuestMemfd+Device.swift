/// The IOMMU (VFIO) (MODEL.md 2, IOMMU).
extension GuestMemfd {
  /// A FOLL_LONGTERM pin through the user mapping [V8 test pins one].
  func dmaMap(_ p: Int, in s: GmemState) -> (Outcome, GmemState)? {
    let page = s[subpage: p]
    guard !s.closed, page.attr == .shared, page.life == .present, page.mapped > 0,
      page.longPins < config.maxLongPins
    else { return nil }
    var n = s
    n[subpage: p].longPins += 1
    return (.ok, n)
  }

  func dmaUnmap(_ p: Int, in s: GmemState) -> (Outcome, GmemState)? {
    guard s[subpage: p].longPins > 0 else { return nil }
    var n = s
    n[subpage: p].longPins -= 1
    releaseIfUnreferenced(p, in: &n)
    return (.ok, n)
  }
}
