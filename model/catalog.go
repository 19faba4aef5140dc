package model

import (
	"fmt"
	"slices"
	"strings"
)

// Decimal units, as datasheets use them.
const (
	giga = 1e9
	tera = 1e12
	// gb is one decimal gigabyte in bytes.
	gb = 1e9
)

// GPU is one accelerator's datasheet figures. Throughputs are dense
// tensor-core figures; the vendor's "with sparsity" numbers (2x) are kept
// apart in the Sparse fields and never used by the estimator.
type GPU struct {
	ID      string
	Aliases []string
	Name    string
	Vendor  string

	MemoryBytes             float64 // on-board memory, bytes (decimal GB x 1e9)
	MemoryKind              string  // HBM3, GDDR6, ...
	BandwidthBytesPerSecond float64 // memory bandwidth, bytes/s (decimal)

	FP16FLOPS       float64 // dense FP16/BF16 tensor FLOP/s
	FP16SparseFLOPS float64 // vendor's 2:4-sparse figure, for display only
	FP8FLOPS        float64 // dense FP8 FLOP/s; 0 = no FP8 tensor cores
	FP8SparseFLOPS  float64
	INT8OPS         float64 // dense INT8 OP/s; 0 = not published

	LinkBytesPerSecond float64 // GPU-to-GPU bandwidth (both directions), bytes/s
	Link               string  // "NVLink 600 GB/s", "PCIe4 x16", ...
	NVLink             bool    // GPUs of a replica talk over NVLink/Infinity Fabric
	TDPWatts           float64

	// GPUsPerNode is how many GPUs one server joins with its scale-up
	// link (Link); a replica wider than that pays its all-reduces over
	// the inter-node network instead. 0 = no limit.
	GPUsPerNode int
	// NetworkBitsPerSecond is the inter-node network per GPU, one
	// direction, bits/s, as NICs are rated (400 Gb/s InfiniBand NDR =
	// 400e9); Network names it.
	NetworkBitsPerSecond float64
	Network              string

	// User marks a GPU from the user's GPU file rather than the catalog.
	User bool

	// Reachable fraction of dense peak in compute-bound work (long-prompt
	// prefill) with an optimised engine, for 16-bit and for FP8 math.
	ComputeEfficiency16 float64
	ComputeEfficiency8  float64

	PriceUSDPerHour float64 // default on-demand price per GPU-hour
	PriceLow        float64 // range seen in the price source
	PriceHigh       float64
	PriceSource     string
	PriceDate       string // when the price was seen, "2026-03"; "" = undated

	Availability string // the seed's "Good" / "Improving" / ...
	Unverified   bool   // figures found only in secondary sources
	Source       string // where the datasheet figures come from
	Notes        string
}

// IllustrativePrice reports whether the default price has no dated or
// published source behind it (a figure to replace with your own).
func (g GPU) IllustrativePrice() bool { return g.PriceSource == srcNoPrice || g.PriceSource == "" }

// HasFP8 reports whether the GPU has FP8 tensor cores.
func (g GPU) HasFP8() bool { return g.FP8FLOPS > 0 }

// DenseFLOPS returns the dense tensor throughput used for precision p's
// matrix multiplies. Weight-only INT8/INT4 run their math in 16-bit.
func (g GPU) DenseFLOPS(p Precision) float64 {
	if p.computeIsFP8() {
		return g.FP8FLOPS
	}
	return g.FP16FLOPS
}

// computeEfficiency returns the reachable fraction of DenseFLOPS(p).
func (g GPU) computeEfficiency(p Precision) float64 {
	if p.computeIsFP8() {
		return g.ComputeEfficiency8
	}
	return g.ComputeEfficiency16
}

// Sources of the figures below.
const (
	srcNVIDIAA100 = "NVIDIA A100 Tensor Core GPU datasheet (2021)"
	srcNVIDIAH100 = "NVIDIA H100 Tensor Core GPU datasheet (2023)"
	srcNVIDIAH200 = "NVIDIA H200 Tensor Core GPU datasheet (2024)"
	srcNVIDIAL40S = "NVIDIA L40S datasheet (2023)"
	srcNVIDIAL4   = "NVIDIA L4 datasheet (2023)"
	srcNVIDIAB200 = "NVIDIA HGX B200 datasheet (2024)"
	srcAMDMI300X  = "AMD Instinct MI300X datasheet (2023)"
	srcSecondary  = "secondary sources only (unverified)"
	srcSeedPrice  = "seed blog 'H100 vs A100: Which One for Inference' (range; its calculation uses the default)"
	srcNoPrice    = "no dated price source shipped: an illustrative figure, set your own"
	// The dated defaults; every quote shipped is in prices.go.
	srcRunPodPrice    = "RunPod on-demand list price (" + urlRunPod + ")"
	srcRunPodAMDPrice = "RunPod on-demand list price (" + urlRunPodAMD + ")"

	// Inter-node networks, per GPU and direction. DGX A100 has one
	// 200 Gb/s HDR InfiniBand port per GPU, DGX H100, H200 and B200 one
	// 400 Gb/s NDR port (ConnectX-7) per GPU
	// (https://docs.nvidia.com/dgx/dgxa100-user-guide/introduction-to-dgxa100.html,
	// https://docs.nvidia.com/dgx/dgxh100-user-guide/introduction-to-dgxh100.html);
	// MI300X platforms pair each GPU with a 400 Gb/s NIC. PCIe servers
	// vary: 100 Gb/s Ethernet per GPU is an illustrative figure.
	netHDR = 200 * giga
	netNDR = 400 * giga
	netEth = 100 * giga
	// gpusPerServer is the 8-GPU server (DGX/HGX, OAM platforms, PCIe
	// 8-way boxes) every catalog GPU ships in.
	gpusPerServer = 8

	// Compute efficiencies, from the published measurements in
	// model/cases. A100 16-bit prefill reaches 65-71 % of dense peak
	// (TensorRT-LLM v0.9's 2048-token first-token latency); H100 FP8
	// about 47 % (P5: 2.87e13 FLOPs in 30.8 ms). H100 16-bit at load:
	// TensorRT-LLM v0.13's compute-bound mixes (128/128, 2048/128) run
	// 2.2-2.4x A100's output tok/s with the same engine and model, which
	// 55 % of 989 TFLOPS against A100's 70 % of 312 reproduces once the
	// KV-cache reads both pay are counted.
	ampereCompute16 = 0.70
	hopperCompute16 = 0.55
	hopperCompute8  = 0.50
)

// catalog is every GPU the estimator knows, in display order.
var catalog = [...]GPU{
	{ID: "a100-40gb-sxm", Aliases: []string{"a100-40gb"}, Name: "A100 40GB SXM", Vendor: "NVIDIA",
		MemoryBytes: 40 * gb, MemoryKind: "HBM2", BandwidthBytesPerSecond: 1.555 * tera,
		FP16FLOPS: 312 * tera, FP16SparseFLOPS: 624 * tera, INT8OPS: 624 * tera,
		LinkBytesPerSecond: 600 * giga, Link: "NVLink 600 GB/s", NVLink: true, TDPWatts: 400,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netHDR, Network: "InfiniBand HDR 200 Gb/s per GPU",
		ComputeEfficiency16: ampereCompute16,
		PriceUSDPerHour:     1.80, PriceLow: 1.10, PriceHigh: 2.40, PriceSource: srcNoPrice,
		Availability: "Good", Source: srcNVIDIAA100},
	{ID: "a100-80gb-sxm", Aliases: []string{"a100", "a100-80gb", "a100-sxm"}, Name: "A100 80GB SXM", Vendor: "NVIDIA",
		MemoryBytes: 80 * gb, MemoryKind: "HBM2e", BandwidthBytesPerSecond: 2.039 * tera,
		FP16FLOPS: 312 * tera, FP16SparseFLOPS: 624 * tera, INT8OPS: 624 * tera,
		LinkBytesPerSecond: 600 * giga, Link: "NVLink 600 GB/s", NVLink: true, TDPWatts: 400,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netHDR, Network: "InfiniBand HDR 200 Gb/s per GPU",
		ComputeEfficiency16: ampereCompute16,
		PriceUSDPerHour:     2.50, PriceLow: 2.00, PriceHigh: 2.50, PriceSource: srcSeedPrice,
		Availability: "Good", Source: srcNVIDIAA100,
		Notes: "the seed blog rounds its bandwidth to 2.0 TB/s"},
	{ID: "a100-80gb-pcie", Aliases: []string{"a100-pcie"}, Name: "A100 80GB PCIe", Vendor: "NVIDIA",
		MemoryBytes: 80 * gb, MemoryKind: "HBM2e", BandwidthBytesPerSecond: 1.935 * tera,
		FP16FLOPS: 312 * tera, FP16SparseFLOPS: 624 * tera, INT8OPS: 624 * tera,
		LinkBytesPerSecond: 64 * giga, Link: "PCIe4 64 GB/s (bridge 600)", TDPWatts: 300,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netEth, Network: "Ethernet 100 Gb/s per GPU (illustrative)",
		ComputeEfficiency16: ampereCompute16,
		PriceUSDPerHour:     2.10, PriceLow: 1.19, PriceHigh: 2.10, PriceSource: srcRunPodPrice, PriceDate: "2026-03",
		Availability: "Good", Source: srcNVIDIAA100},
	{ID: "h100-sxm", Aliases: []string{"h100", "h100-80gb", "h100-sxm-80gb"}, Name: "H100 SXM 80GB", Vendor: "NVIDIA",
		MemoryBytes: 80 * gb, MemoryKind: "HBM3", BandwidthBytesPerSecond: 3.35 * tera,
		FP16FLOPS: 989 * tera, FP16SparseFLOPS: 1979 * tera, FP8FLOPS: 1979 * tera, FP8SparseFLOPS: 3958 * tera, INT8OPS: 1979 * tera,
		LinkBytesPerSecond: 900 * giga, Link: "NVLink 900 GB/s", NVLink: true, TDPWatts: 700,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netNDR, Network: "InfiniBand NDR 400 Gb/s per GPU",
		ComputeEfficiency16: hopperCompute16, ComputeEfficiency8: hopperCompute8,
		PriceUSDPerHour: 4.50, PriceLow: 4.00, PriceHigh: 5.00, PriceSource: srcSeedPrice,
		Availability: "Improving", Source: srcNVIDIAH100},
	{ID: "h100-pcie", Name: "H100 PCIe 80GB", Vendor: "NVIDIA",
		MemoryBytes: 80 * gb, MemoryKind: "HBM2e", BandwidthBytesPerSecond: 2.0 * tera,
		FP16FLOPS: 756 * tera, FP16SparseFLOPS: 1513 * tera, FP8FLOPS: 1513 * tera, FP8SparseFLOPS: 3026 * tera, INT8OPS: 1513 * tera,
		LinkBytesPerSecond: 128 * giga, Link: "PCIe5 128 GB/s", TDPWatts: 350,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netEth, Network: "Ethernet 100 Gb/s per GPU (illustrative)",
		ComputeEfficiency16: hopperCompute16, ComputeEfficiency8: hopperCompute8,
		PriceUSDPerHour: 3.51, PriceLow: 1.99, PriceHigh: 3.51, PriceSource: srcRunPodPrice, PriceDate: "2026-03",
		Availability: "Improving", Source: srcNVIDIAH100},
	{ID: "h100-nvl", Name: "H100 NVL 94GB", Vendor: "NVIDIA",
		MemoryBytes: 94 * gb, MemoryKind: "HBM3", BandwidthBytesPerSecond: 3.9 * tera,
		FP16FLOPS: 835 * tera, FP8FLOPS: 1671 * tera,
		LinkBytesPerSecond: 600 * giga, Link: "NVLink 600 GB/s (pairs)", NVLink: true, TDPWatts: 400,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netEth, Network: "Ethernet 100 Gb/s per GPU (illustrative)",
		ComputeEfficiency16: hopperCompute16, ComputeEfficiency8: hopperCompute8,
		PriceUSDPerHour: 3.50, PriceLow: 2.50, PriceHigh: 4.50, PriceSource: srcNoPrice,
		Availability: "Limited", Unverified: true, Source: srcSecondary},
	{ID: "h200-sxm", Aliases: []string{"h200"}, Name: "H200 SXM 141GB", Vendor: "NVIDIA",
		MemoryBytes: 141 * gb, MemoryKind: "HBM3e", BandwidthBytesPerSecond: 4.8 * tera,
		FP16FLOPS: 989 * tera, FP16SparseFLOPS: 1979 * tera, FP8FLOPS: 1979 * tera, FP8SparseFLOPS: 3958 * tera, INT8OPS: 1979 * tera,
		LinkBytesPerSecond: 900 * giga, Link: "NVLink 900 GB/s", NVLink: true, TDPWatts: 700,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netNDR, Network: "InfiniBand NDR 400 Gb/s per GPU",
		ComputeEfficiency16: hopperCompute16, ComputeEfficiency8: hopperCompute8,
		PriceUSDPerHour: 6.35, PriceLow: 2.50, PriceHigh: 7.00, PriceSource: srcRunPodPrice, PriceDate: "2026-03",
		Availability: "Limited", Source: srcNVIDIAH200},
	{ID: "l40s", Name: "L40S 48GB", Vendor: "NVIDIA",
		MemoryBytes: 48 * gb, MemoryKind: "GDDR6", BandwidthBytesPerSecond: 0.864 * tera,
		FP16FLOPS: 362 * tera, FP16SparseFLOPS: 733 * tera, FP8FLOPS: 733 * tera, FP8SparseFLOPS: 1466 * tera, INT8OPS: 733 * tera,
		LinkBytesPerSecond: 64 * giga, Link: "PCIe4 64 GB/s, no NVLink", TDPWatts: 350,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netEth, Network: "Ethernet 100 Gb/s per GPU (illustrative)",
		ComputeEfficiency16: hopperCompute16, ComputeEfficiency8: hopperCompute8,
		PriceUSDPerHour: 1.40, PriceLow: 0.79, PriceHigh: 1.40, PriceSource: srcRunPodPrice, PriceDate: "2026-03",
		Availability: "Good", Source: srcNVIDIAL40S,
		Notes: "compute efficiency assumed like Hopper's (no shipped measurement)"},
	{ID: "l4", Name: "L4 24GB", Vendor: "NVIDIA",
		MemoryBytes: 24 * gb, MemoryKind: "GDDR6", BandwidthBytesPerSecond: 0.300 * tera,
		FP16FLOPS: 121 * tera, FP16SparseFLOPS: 242 * tera, FP8FLOPS: 242 * tera, FP8SparseFLOPS: 485 * tera, INT8OPS: 242 * tera,
		LinkBytesPerSecond: 32 * giga, Link: "PCIe4 x16", TDPWatts: 72,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netEth, Network: "Ethernet 100 Gb/s per GPU (illustrative)",
		ComputeEfficiency16: hopperCompute16, ComputeEfficiency8: hopperCompute8,
		PriceUSDPerHour: 0.78, PriceLow: 0.44, PriceHigh: 0.78, PriceSource: srcRunPodPrice, PriceDate: "2026-03",
		Availability: "Good", Source: srcNVIDIAL4,
		Notes: "compute efficiency assumed like Hopper's (no shipped measurement)"},
	{ID: "a10g", Name: "A10G 24GB (AWS)", Vendor: "NVIDIA",
		MemoryBytes: 24 * gb, MemoryKind: "GDDR6", BandwidthBytesPerSecond: 0.600 * tera,
		FP16FLOPS:          70 * tera,
		LinkBytesPerSecond: 32 * giga, Link: "PCIe4 x16", TDPWatts: 150,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netEth, Network: "Ethernet 100 Gb/s per GPU (illustrative)",
		ComputeEfficiency16: ampereCompute16,
		PriceUSDPerHour:     1.00, PriceLow: 0.75, PriceHigh: 1.20, PriceSource: srcNoPrice,
		Availability: "Good", Unverified: true, Source: srcSecondary,
		Notes: "compute figure unverified (secondary sources)"},
	{ID: "b200", Name: "B200 180GB (HGX)", Vendor: "NVIDIA",
		MemoryBytes: 180 * gb, MemoryKind: "HBM3e", BandwidthBytesPerSecond: 7.7 * tera,
		FP16FLOPS: 2250 * tera, FP16SparseFLOPS: 4500 * tera, FP8FLOPS: 4500 * tera, FP8SparseFLOPS: 9000 * tera, INT8OPS: 4500 * tera,
		LinkBytesPerSecond: 1800 * giga, Link: "NVLink5 1800 GB/s", NVLink: true, TDPWatts: 1000,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netNDR, Network: "InfiniBand NDR 400 Gb/s per GPU",
		ComputeEfficiency16: hopperCompute16, ComputeEfficiency8: hopperCompute8,
		PriceUSDPerHour: 10.57, PriceLow: 5.98, PriceHigh: 10.57, PriceSource: srcRunPodPrice, PriceDate: "2026-03",
		Availability: "Scarce", Source: srcNVIDIAB200,
		Notes: "compute efficiency assumed like Hopper's (no shipped measurement)"},
	{ID: "mi300x", Name: "MI300X 192GB", Vendor: "AMD",
		MemoryBytes: 192 * gb, MemoryKind: "HBM3", BandwidthBytesPerSecond: 5.3 * tera,
		FP16FLOPS: 1307 * tera, FP16SparseFLOPS: 2615 * tera, FP8FLOPS: 2615 * tera, FP8SparseFLOPS: 5230 * tera, INT8OPS: 2615 * tera,
		LinkBytesPerSecond: 896 * giga, Link: "Infinity Fabric 896 GB/s", NVLink: true, TDPWatts: 750,
		GPUsPerNode: gpusPerServer, NetworkBitsPerSecond: netNDR, Network: "400 Gb/s NIC per GPU",
		ComputeEfficiency16: hopperCompute16, ComputeEfficiency8: hopperCompute8,
		PriceUSDPerHour: 3.49, PriceLow: 1.50, PriceHigh: 6.00, PriceSource: srcRunPodAMDPrice, PriceDate: "2025-10",
		Availability: "Limited", Source: srcAMDMI300X,
		Notes: "compute efficiency assumed like Hopper's (no shipped measurement)"},
}

// GPUs returns the catalog in display order. The slice is a copy.
func GPUs() []GPU {
	out := make([]GPU, len(catalog))
	copy(out, catalog[:])
	return out
}

// GPUIDs returns every catalog id in display order.
func GPUIDs() []string {
	ids := make([]string, len(catalog))
	for i, g := range catalog {
		ids[i] = g.ID
	}
	return ids
}

// LookupGPU finds a GPU by id or alias, case-insensitively. The error lists
// the valid ids.
func LookupGPU(id string) (GPU, error) {
	want := strings.ToLower(strings.TrimSpace(id))
	for i := range catalog { // by index: a GPU is too large to copy per try
		g := &catalog[i]
		if g.ID == want || slices.Contains(g.Aliases, want) {
			return *g, nil
		}
	}
	return GPU{}, fmt.Errorf("unknown GPU %q: valid ids are %s", id, strings.Join(sortedCopy(GPUIDs()), ", "))
}

func sortedCopy(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}
