import { columnVisibilityFeature, rowSortingFeature, tableFeatures, type CellData, type RowData, type TableFeatures } from "@tanstack/react-table";

/**
 * TanStack Table v9 features of every list, declared once: column visibility and sorting, both
 * in manual mode (the server sorts and pages; the URL holds the state). No client row models.
 */
export const listFeatures = tableFeatures({ columnVisibilityFeature, rowSortingFeature });
export type ListFeatures = typeof listFeatures;

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<in out TFeatures extends TableFeatures, in out TData extends RowData, TValue extends CellData = CellData> {
    /** column name in headers and the column menu */
    label: string;
    align?: "left" | "right";
    className?: string;
  }
}
