import GmemModel

extension Invariant {
  /// **NoPrivateInUserspace**: no present subpage whose attribute is
  /// private has a host PTE, a short-term pin or a long-term pin.
  ///
  /// Why: private memory belongs to the confidential guest. A host PTE lets
  /// the VMM read or write it; a pin lets O_DIRECT or a device DMA into it.
  /// On TDX/SNP that is a machine check or an RMP fault; on pKVM a leak.
  /// Conversion to private therefore zaps host PTEs and refuses (EAGAIN)
  /// while the page is pinned, and faults on private memory SIGBUS.
  ///
  /// Source: [ML] `kvm_gmem_fault_user_mapping` SIGBUS on private; [V8]
  /// `__kvm_gmem_set_attributes` unmap and refcount check, api.rst;
  /// [H2] conversion to private.
  public static let noPrivateInUserspace = Invariant(
    name: "NoPrivateInUserspace", short: "Priv",
    summary: "a present private subpage has no host PTE and no pin",
    source: "[ML] fault SIGBUS; [V8] set_attributes unmap + refcount check; [H2]",
    // Witnesses: one subpage shows it.
    witnesses: .subpages(1), check: NoPrivateInUserspaceCheck()
  )
}

/// The check, generic so that it reads packed and wide states alike.
private struct NoPrivateInUserspaceCheck: InvariantCheck {
  @inline(__always)
  func violation<S: ModelState>(_ model: GuestMemfd, _ state: S) -> String? {
    firstSubpage(of: model, in: state) { page in
      page.attr == .private && page.life == .present && page.hasHostReference
    } _: { p, page in
      "p\(p) is private yet reachable from the host: \(page.phrase)"
    }
  }
}
