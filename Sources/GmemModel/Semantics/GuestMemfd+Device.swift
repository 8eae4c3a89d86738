/// The IOMMU (VFIO) (MODEL.md 2, IOMMU; `longTermPins`).
extension GuestMemfd {
  /// `allowed`: a FOLL_LONGTERM pin through the user mapping [V8 test pins
  /// one]. `forbidden`: EPERM (option (a)). `pfnCallback`: the IOMMU maps
  /// the PFN from the fd, with no page reference and no user mapping
  /// needed, once per subpage.
  @inlinable @inline(always)
  func dmaMap<S: ModelState>(_ p: Int, in s: S) -> (Outcome, S)? {
    let page = s[subpage: p]
    guard !s.closed, page.attr == .shared, page.life == .present, !isQuiesced(p, in: s) else {
      return nil
    }
    var n = s
    switch config.longTermPins {
    case .allowed:
      guard page.mapped > 0, page.longPins < config.maxLongPins else { return nil }
      n[subpage: p].longPins += 1
    case .forbidden:
      guard page.mapped > 0, page.longPins < config.maxLongPins else { return nil }
      return (.eperm, s)
    case .pfnCallback:
      guard !page.iommuMapped else { return nil }
      n[subpage: p].iommuMapped = true
    }
    return (.ok, n)
  }

  @inlinable @inline(always)
  func dmaUnmap<S: ModelState>(_ p: Int, in s: S) -> (Outcome, S)? {
    var n = s
    if s[subpage: p].longPins > 0 {
      n[subpage: p].longPins -= 1
    } else if s[subpage: p].iommuMapped {
      n[subpage: p].iommuMapped = false
    } else {
      return nil
    }
    completeWrite(p, in: &n)
    releaseIfUnreferenced(p, in: &n)
    return (.ok, n)
  }
}
