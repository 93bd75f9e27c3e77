// Types of bin/build.js (plain JavaScript so that the CLI's entry point loads it without a compiler).
export declare const ROOT: string;
export declare const MAIN: string;
export declare function newestSource(root?: string): number;
export declare function isFresh(root?: string): boolean;
export declare function build(): boolean;
export declare function ensureBuilt(): string | undefined;
export declare function linkBin(root?: string): string | undefined;
