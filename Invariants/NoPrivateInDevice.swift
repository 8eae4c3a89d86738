import GmemModel

extension Invariant {
  /// **NoPrivateInDevice**: no present private subpage is mapped by the
  /// IOMMU, through a long-term pin or (with `longTermPins: pfnCallback`) a
  /// PFN mapping without a page reference.
  ///
  /// Why: a device that can DMA into private memory breaks confidentiality
  /// as surely as a host PTE, and no fault stops a device. Mapping the PFN
  /// without a reference (so that conversion need not wait for the pin)
  /// is only safe if conversion to private and truncation invalidate the
  /// IOMMU mapping first.
  ///
  /// Source: [LIST] 2024-03-19 "Re: folio_mmapped" (IOMMU by fd+offset
  /// rather than GUP) and 2024-07-16 follow-up (track physical ranges,
  /// shatter only host mappings); [V8] FOLL_LONGTERM pin in the selftest.
  public static let noPrivateInDevice = Invariant(
    name: "NoPrivateInDevice", short: "Dev",
    summary: "no present private subpage is mapped by the IOMMU",
    source: "[LIST] 2024-03-19 folio_mmapped, 2024-07-16; [V8] FOLL_LONGTERM",
    // Witnesses: one subpage shows it.
    witnesses: .subpages(1), check: NoPrivateInDeviceCheck()
  )
}

/// The check, generic so that it reads packed and wide states alike.
private struct NoPrivateInDeviceCheck: InvariantCheck {
  @inline(__always)
  func violation<S: ModelState>(_ model: GuestMemfd, _ state: S) -> String? {
    firstSubpage(of: model, in: state) { page in
      page.attr == .private && page.life == .present && (page.iommuMapped || page.longPins > 0)
    } _: { p, page in
      "p\(p) is private yet mapped by the IOMMU: \(page.phrase)"
    }
  }
}
