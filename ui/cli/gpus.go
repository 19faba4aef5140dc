package cli

import (
	"infercost/model"
	"infercost/ui/scenario"
)

// gpusFileFlag is the flag every command (explorer, report, serve) reads
// the user's own GPUs with.
var gpusFileFlag = flagSpec{name: "gpus-file", arg: "FILE",
	usage: "GPUs of your own: a TOML file of [[gpu]] tables (id, name, memory_gb, bandwidth_tb_per_s, fp16_tflops, fp8_tflops, link_gb_per_s, scale_up_link, gpus_per_node, usd_per_gpu_hour, optional compute_efficiency, network_gbit_per_s, source); *.toml files in " + defaultGPUDirText() + " are always read"}

func defaultGPUDirText() string {
	if d := scenario.DefaultGPUDir(); d != "" {
		return d
	}
	return "~/.config/infercost/gpus"
}

// userGPUs reads the GPU files: the default directory's, then
// --gpus-file. A bad file is a usage error naming file:line and field.
func userGPUs(fs flagSet) ([]model.GPU, error) {
	file, _ := fs.get(gpusFileFlag.name)
	gpus, err := scenario.LoadUserGPUs(scenario.DefaultGPUDir(), file)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return gpus, nil
}

// openFlag is --open, taken by the explorer and serve (report declares
// its own, which the other flags override).
var openFlag = flagSpec{name: "open", arg: "STRING", usage: "start from a share string (report --share, the explorer's y)"}

// openedScenario is the scenario of --open, or def without it; --open
// beside --scenario is refused (each gives the whole scenario).
func openedScenario(fs flagSet, def model.Scenario) (model.Scenario, error) {
	str, ok := fs.get("open")
	if !ok {
		return def, nil
	}
	if fs.has("scenario") {
		return model.Scenario{}, usagef("--open with --scenario: each gives the whole scenario; give one")
	}
	s, err := scenario.OpenShare(str)
	if err != nil {
		return model.Scenario{}, usagef("--open: %v", err)
	}
	return s, nil
}
