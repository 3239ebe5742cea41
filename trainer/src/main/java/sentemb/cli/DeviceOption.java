package sentemb.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Parses {@code --device}: {@code cpu} or {@code gpu:N} with N a GPU that PyTorch can see. */
final class DeviceOption {
    private DeviceOption() {}

    static Device parse(String spec) {
        sentemb.engine.LibtorchVersion.require();
        String s = spec.trim();
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.matches("gpu:\\d{1,3}")) {
            int index = Integer.parseInt(s.substring(4));
            int visible = Engine.getInstance().getGpuCount();
            if (index >= visible) {
                throw new IllegalArgumentException("--device " + spec + ": " + (visible == 0
                        ? "PyTorch sees no GPU on this machine (use --device cpu, or a GPU build: see README \"GPU\")"
                        : "PyTorch sees " + visible + " GPU(s), gpu:0 to gpu:" + (visible - 1)));
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("--device " + spec + ": expected cpu or gpu:N");
    }
}
