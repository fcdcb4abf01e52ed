/**
 * The Superchain asset predeploys (SuperchainTokenBridge 1.0.1, SuperchainETHBridge 1.0.1, ETHLiquidity
 * 1.1.0) and supersim's test token: their addresses, and what a bridge's message carries, read from the
 * `relayERC20` / `relayETH` call the bridge sends to its counterpart on the destination.
 */
import { AbiCoder, dataSlice, getAddress } from "ethers";

/** SuperchainETHBridge predeploy, the same on every OP chain. */
export const SUPERCHAIN_ETH_BRIDGE_ADDRESS =
  "0x4200000000000000000000000000000000000024";

/** ETHLiquidity predeploy, the same on every OP chain. */
export const ETH_LIQUIDITY_ADDRESS =
  "0x4200000000000000000000000000000000000025";

/** SuperchainTokenBridge predeploy, the same on every OP chain. */
export const SUPERCHAIN_TOKEN_BRIDGE_ADDRESS =
  "0x4200000000000000000000000000000000000028";

/** supersim's open-mint SuperchainERC20 test token (`L2NativeSuperchainERC20`, symbol MOCK). */
export const SUPERSIM_TOKEN_ADDRESS =
  "0x420beeF000000000000000000000000000000001";

/** What ETHLiquidity holds on every chain at install: 2^248 - 1 wei, as on the Superchain. */
export const ETH_LIQUIDITY_FUNDING = (1n << 248n) - 1n;

/** Selectors of the bridges' relay functions, the calls their messages carry. */
export const ASSET_SELECTORS = {
  relayERC20: "0x7cfd6dbc",
  relayETH: "0x4f0edcc9",
} as const;

/** What a bridge message moves: native ETH, or an IERC7802 token at the same address on both chains. */
export interface AssetTransfer {
  kind: "eth" | "erc20";
  /** The token (erc20 only). */
  token?: string;
  /** Wei (eth) or the token's smallest units (erc20). */
  amount: bigint;
  /** Who sent it on the source chain. */
  from: string;
  /** Who receives it on the destination. */
  to: string;
}

const coder = AbiCoder.defaultAbiCoder();

/**
 * The asset a message carries when its sender and target are one of the bridges and its call is that
 * bridge's relay function; undefined for any other message (or a malformed call, which the relay will
 * revert on).
 */
export function decodeAssetTransfer(fields: {
  sender: string;
  target: string;
  message: string;
}): AssetTransfer | undefined {
  const sender = fields.sender.toLowerCase();
  const target = fields.target.toLowerCase();
  if (sender !== target || fields.message.length < 10) return undefined;
  const selector = fields.message.slice(0, 10).toLowerCase();
  const args = dataSlice(fields.message, 4);
  try {
    if (
      target === SUPERCHAIN_TOKEN_BRIDGE_ADDRESS &&
      selector === ASSET_SELECTORS.relayERC20
    ) {
      const [token, from, to, amount] = coder.decode(
        ["address", "address", "address", "uint256"],
        args,
      );
      return {
        kind: "erc20",
        token: getAddress(token as string),
        amount: amount as bigint,
        from: getAddress(from as string),
        to: getAddress(to as string),
      };
    }
    if (
      target === SUPERCHAIN_ETH_BRIDGE_ADDRESS &&
      selector === ASSET_SELECTORS.relayETH
    ) {
      const [from, to, amount] = coder.decode(
        ["address", "address", "uint256"],
        args,
      );
      return {
        kind: "eth",
        amount: amount as bigint,
        from: getAddress(from as string),
        to: getAddress(to as string),
      };
    }
  } catch {
    // Not the bridge's own encoding: shown as a plain message.
    return undefined;
  }
  return undefined;
}

/** An asset transfer in words: "1.5 ETH 0xf39f…2266 → 0x7099…79c8", "1000 of token 0x420b…0001 …". */
export function describeAssetTransfer(asset: AssetTransfer): string {
  const what =
    asset.kind === "eth"
      ? `${formatEther(asset.amount)} ETH`
      : `${asset.amount} of token ${short(asset.token ?? "")}`;
  return `${what} ${short(asset.from)} → ${short(asset.to)}`;
}

/** The same transfer as flat JSON fields: the amount in decimal, the token only for erc20. */
export function assetRecord(asset: AssetTransfer): Record<string, string> {
  return {
    kind: asset.kind,
    ...(asset.token !== undefined ? { token: asset.token } : {}),
    amount: asset.amount.toString(),
    from: asset.from,
    to: asset.to,
  };
}

function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** Wei as ETH with no trailing zeros (ethers' formatEther always keeps one decimal). */
function formatEther(wei: bigint): string {
  const whole = wei / 10n ** 18n;
  const fraction = (wei % 10n ** 18n).toString().padStart(18, "0");
  const trimmed = fraction.replace(/0+$/, "");
  return trimmed === "" ? whole.toString() : `${whole}.${trimmed}`;
}
