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
