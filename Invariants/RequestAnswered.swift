import GmemModel

extension LivenessProperty {
  /// **RequestAnswered**: every request is eventually answered, with
  /// success or failure: the vCPU never waits for ever (MODEL.md 6.1).
  ///
  /// Checked as: no fair path keeps vCPU 0's request pending for ever (a
  /// fair cycle, or a dead end, among states where it is pending). vCPU 0
  /// stands for every vCPU: they are interchangeable (MODEL.md 6.5).
  ///
  /// Why: the kernel keeps no pending conversion; the vCPU waits in its
  /// MapGPA or memory-fault exit until the VMM answers. A VMM that can
  /// neither convert the range nor give up hangs the vCPU. With a
  /// long-term pin it cannot drop, the VMM answers with failure (TDX
  /// `TDVMCALL_STATUS_INVALID_OPERAND`) and the guest may ask again.
  ///
  /// Source: MODEL.md 6.1; [V4] KVM_SET_MEMORY_ATTRIBUTES2 EAGAIN and
  /// error_offset, api.rst; [TDX] MapGPA failure.
  public static let requestAnswered = LivenessProperty(
    name: "RequestAnswered", short: "Ans",
    summary: "every request is eventually answered, with success or failure",
    source: "MODEL.md 6.1; [V4] EAGAIN, api.rst; [TDX] MapGPA",
    waiting: { _, s in s.request(0) != nil },
    abandons: nil,
    explain: { model, s in
      guard let r = s.request(0) else { return "the request is never answered" }
      return "the request \(model.describe(r))\(model.vcpuSuffix(0)) is never answered"
    })
}
