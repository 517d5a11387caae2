#!/usr/bin/python3
"""Exports small conv/deconv networks from PyTorch to ONNX, with one input
and PyTorch's own output for it, for the importer's tests and the demo.

    /usr/bin/python3 examples/onnx/export_models.py OUT_DIR

Needs Debian's python3-torch (1.13) and python3-onnx. Writes, per network,
NAME.onnx, NAME.in<i>.npy and NAME.out0.npy. The networks are the layer
families users bring, at small channel counts so the files stay small:
  dcgan_generator  ConvTranspose + BatchNorm + ReLU, Tanh (DCGAN, 32x32 out)
  espcn            Conv + Tanh, then PixelShuffle (DepthToSpace), x3 SR
  unet_decoder     ConvTranspose up-conv, Concat with the skip input, two
                   Conv + BatchNorm + ReLU (static shapes, two inputs)
  unet_decoder_dyn the same with a symbolic batch dim ("batch")
  melgan_upsampler Conv1d, LeakyReLU, ConvTranspose1d x2, residual Add, Tanh
  resize_conv      nearest Upsample (Resize) then Conv + Clip (ReLU6)
  grouped_bn       grouped ConvTranspose and grouped Conv, each followed by
                   BatchNorm (folded into the filters by the importer)
"""
import os
import sys

import numpy as np
import torch
import torch.nn as nn

OPSET = 13


class DCGANGenerator(nn.Module):
    def __init__(self, nz=16, ngf=8):
        super().__init__()
        self.net = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 4, 4, 1, 0, bias=False),
            nn.BatchNorm2d(ngf * 4), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf * 2), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False),
            nn.BatchNorm2d(ngf), nn.ReLU(True),
            nn.ConvTranspose2d(ngf, 3, 4, 2, 1, bias=False), nn.Tanh())

    def forward(self, z):
        return self.net(z)


class ESPCN(nn.Module):
    def __init__(self, scale=3):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 32, 5, padding=2), nn.Tanh(),
            nn.Conv2d(32, 16, 3, padding=1), nn.Tanh(),
            nn.Conv2d(16, scale * scale, 3, padding=1),
            nn.PixelShuffle(scale))

    def forward(self, x):
        return self.net(x)


class UNetDecoder(nn.Module):
    def __init__(self, cin=32, cout=16):
        super().__init__()
        self.up = nn.ConvTranspose2d(cin, cout, 2, stride=2)
        self.conv = nn.Sequential(
            nn.Conv2d(2 * cout, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

    def forward(self, x, skip):
        return self.conv(torch.cat([self.up(x), skip], dim=1))


class MelGANUpsampler(nn.Module):
    def __init__(self, mels=16, ch=32):
        super().__init__()
        self.pre = nn.Conv1d(mels, ch, 7, padding=3)
        self.up1 = nn.ConvTranspose1d(ch, ch // 2, 16, stride=8, padding=4)
        self.res = nn.Conv1d(ch // 2, ch // 2, 3, padding=1)
        self.up2 = nn.ConvTranspose1d(ch // 2, ch // 4, 4, stride=2, padding=1)
        self.post = nn.Conv1d(ch // 4, 1, 7, padding=3)
        self.act = nn.LeakyReLU(0.2)

    def forward(self, mel):
        x = self.up1(self.act(self.pre(mel)))
        x = x + self.res(self.act(x))
        x = self.up2(self.act(x))
        return torch.tanh(self.post(self.act(x)))


class ResizeConv(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.conv = nn.Conv2d(8, 4, 3, padding=1)

    def forward(self, x):
        return torch.clamp(self.conv(self.up(x)), 0.0, 6.0)


class GroupedBN(nn.Module):
    def __init__(self):
        super().__init__()
        self.up = nn.ConvTranspose2d(8, 6, 3, stride=2, groups=2)
        self.bn1 = nn.BatchNorm2d(6)
        self.conv = nn.Conv2d(6, 9, 3, padding=1, groups=3, bias=False)
        self.bn2 = nn.BatchNorm2d(9)

    def forward(self, x):
        return self.bn2(self.conv(torch.relu(self.bn1(self.up(x)))))


def randomize_batchnorm(model, gen):
    # Trained statistics, not the identity of a fresh BatchNorm.
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(torch.rand(m.num_features, generator=gen) - 0.5)
            m.running_var.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
            m.weight.data.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
            m.bias.data.copy_(torch.rand(m.num_features, generator=gen) - 0.5)


def export(out_dir, name, model, inputs, dynamic_axes=None):
    gen = torch.Generator().manual_seed(7)
    with torch.no_grad():
        randomize_batchnorm(model, gen)
    model.eval()
    names = ["input%d" % i for i in range(len(inputs))]
    if name.startswith("unet"):
        names = ["x", "skip"]
    path = os.path.join(out_dir, name + ".onnx")
    # TRAINING_MODE.PRESERVE keeps BatchNormalization nodes for the
    # importer to fold (EVAL would let PyTorch fold some of them itself).
    torch.onnx.export(model, tuple(inputs), path, opset_version=OPSET,
                      input_names=names, output_names=["output"],
                      dynamic_axes=dynamic_axes, do_constant_folding=True,
                      training=torch.onnx.TrainingMode.PRESERVE)
    with torch.no_grad():
        out = model(*inputs)
    for i, x in enumerate(inputs):
        np.save(os.path.join(out_dir, "%s.in%d.npy" % (name, i)),
                x.numpy().astype(np.float32))
    np.save(os.path.join(out_dir, name + ".out0.npy"),
            out.numpy().astype(np.float32))
    print("wrote", path, "->", tuple(out.shape))


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(1)
    export(out_dir, "dcgan_generator", DCGANGenerator(),
           [torch.randn(2, 16, 1, 1)])
    export(out_dir, "espcn", ESPCN(), [torch.rand(1, 1, 17, 19)])
    unet = UNetDecoder()
    x, skip = torch.randn(2, 32, 12, 10), torch.randn(2, 16, 24, 20)
    export(out_dir, "unet_decoder", unet, [x, skip])
    export(out_dir, "unet_decoder_dyn", unet, [x, skip],
           dynamic_axes={"x": {0: "batch"}, "skip": {0: "batch"},
                         "output": {0: "batch"}})
    export(out_dir, "melgan_upsampler", MelGANUpsampler(),
           [torch.randn(1, 16, 20)])
    export(out_dir, "resize_conv", ResizeConv(), [torch.randn(1, 8, 7, 9)])
    export(out_dir, "grouped_bn", GroupedBN(), [torch.randn(2, 8, 5, 6)])


if __name__ == "__main__":
    main()
